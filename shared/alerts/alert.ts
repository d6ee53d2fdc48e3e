/** A message ready for SNS: the subject already within SNS limits. */
export interface Alert {
  subject: string;
  message: string;
}

/** Port through which the domain sends alerts (SNS in production). */
export interface AlertPublisher {
  publish(alert: Alert): Promise<void>;
}
