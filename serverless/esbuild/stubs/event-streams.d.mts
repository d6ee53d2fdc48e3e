export declare function eventStreamSerdeProvider(): never;
export declare class EventStreamSerde {
  constructor();
}
