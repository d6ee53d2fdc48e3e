// The SSM service of the local endpoint: its stores and the table of operations it handles.
import type { CommandAgent } from '../../types.js';
import type { ServiceContext } from '../context.js';
import type { Faults } from '../faults.js';
import type { CallInfo } from './call-info.js';
import { CommandService } from './commands.js';
import { DocumentStore } from './documents.js';
import { CommandRunner, type DeliveryOptions } from './execution.js';
import type { JsonInput } from './input.js';
import { describeInstanceInformation } from './instances.js';
import { InventoryStore } from './inventory.js';
import { OpsItemStore } from './ops-items.js';
import { ParameterStore } from './parameters.js';

/** Handles one SSM operation: decoded JSON input in, JSON output out (or an AwsError thrown). */
export type SsmOperation = (input: JsonInput, call: CallInfo) => JsonInput;

/** Parameter Store, documents, Run Command, instances and inventory of one account and region. */
export class SsmService {
  readonly parameters: ParameterStore;
  readonly documents: DocumentStore;
  readonly commands: CommandService;
  readonly inventory: InventoryStore;
  readonly opsItems: OpsItemStore;
  readonly runner: CommandRunner;
  /** Operation name (the part after `AmazonSSM.` in X-Amz-Target) to handler. */
  readonly operations: ReadonlyMap<string, SsmOperation>;

  /** `faults` is consulted for the Run Command faults (late results, empty pages, execution timeouts). */
  constructor(context: ServiceContext, agent: CommandAgent, delivery: DeliveryOptions, faults?: Faults) {
    this.parameters = new ParameterStore(context);
    this.documents = new DocumentStore(context);
    this.runner = new CommandRunner(context, agent, delivery);
    this.commands = new CommandService(context, this.documents, agent, this.runner, faults);
    this.inventory = new InventoryStore(context, agent);
    this.opsItems = new OpsItemStore(context);
    const parameters = this.parameters;
    const documents = this.documents;
    const commands = this.commands;
    const inventory = this.inventory;
    const opsItems = this.opsItems;
    this.operations = new Map<string, SsmOperation>([
      ['PutParameter', (input, call) => parameters.putParameter(input, call)],
      ['GetParameter', (input) => parameters.getParameter(input)],
      ['GetParameters', (input) => parameters.getParameters(input)],
      ['GetParametersByPath', (input) => parameters.getParametersByPath(input)],
      ['GetParameterHistory', (input) => parameters.getParameterHistory(input)],
      ['LabelParameterVersion', (input) => parameters.labelParameterVersion(input)],
      ['DeleteParameter', (input) => parameters.deleteParameter(input)],
      ['DescribeParameters', (input) => parameters.describeParameters(input)],
      ['CreateDocument', (input) => documents.createDocument(input)],
      ['GetDocument', (input) => documents.getDocument(input)],
      ['DescribeDocument', (input) => documents.describeDocument(input)],
      ['SendCommand', (input) => commands.sendCommand(input)],
      ['ListCommands', (input) => commands.listCommands(input)],
      ['ListCommandInvocations', (input) => commands.listCommandInvocations(input)],
      ['GetCommandInvocation', (input) => commands.getCommandInvocation(input)],
      ['CancelCommand', (input) => commands.cancelCommand(input)],
      ['DescribeInstanceInformation', (input) => describeInstanceInformation(context, agent, input)],
      ['PutInventory', (input) => inventory.putInventory(input)],
      ['GetInventory', (input) => inventory.getInventory(input)],
      ['CreateOpsItem', (input) => opsItems.createOpsItem(input)],
    ]);
  }
}
