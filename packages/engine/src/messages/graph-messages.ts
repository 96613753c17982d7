import type { PortSpec } from '../nodes/define-node.ts';
import { dataWords, listWords, stepsGiving } from './node-name.ts';

/**
 * What is wrong with the way steps are connected, in sentences that name steps
 * by their labels (the caller passes names from node-name.ts) and inputs by
 * what they are for ("its Events input"), never by ids.
 */
export const graphMessages = {
  /** `ports`: the target kind's inputs, to say which one when it has several. */
  missingInput(target: string, port: PortSpec, min: number, manyPorts: boolean): string {
    const which = manyPorts ? ` (its ${port.label} input)` : '';
    return min <= 1
      ? `Connect ${stepsGiving(port.accepts)} into ${target}${which}.`
      : `Connect at least ${stepsGiving(port.accepts, min)} into ${target}${which}.`;
  },
  tooManyInputs(target: string, port: PortSpec, count: number, manyPorts: boolean): string {
    const which = manyPorts ? `its ${port.label} input` : 'it';
    return `${upper(target)} takes one step into ${which}, but ${count} are connected: remove ${count - 1 === 1 ? 'one' : count - 1}.`;
  },
  noSuchInput(source: string, target: string, labels: string[]): string {
    if (!labels.length) return `${upper(target)} takes no input: remove the connection from ${source}.`;
    const which = labels.length === 1 ? '' : `, on its ${labels.join(' or ')} input`;
    return `${upper(source)} is connected to an input ${target} does not have: remove that connection and connect ${source} to ${target} again${which}.`;
  },
  fromAnOutput(source: string, target: string): string {
    return `${upper(source)} is a segment output: nothing comes out of it, so remove its connection to ${target}.`;
  },
  wrongData(source: string, target: string, port: PortSpec, gives: string, manyPorts: boolean): string {
    const where = manyPorts ? ` on its ${port.label} input` : '';
    return `${upper(target)} needs ${dataWords(port.accepts)}${where}, but ${source} gives ${dataWords(gives)}: connect ${stepsGiving(port.accepts)} there instead.`;
  },
  duplicateEdge(source: string, target: string): string {
    return `${upper(source)} is connected to ${target} twice: remove one of the connections.`;
  },
  unknownEnd(missingId: string): string {
    return `A connection leads to '${missingId.slice(0, 64)}', which is not a step of this workflow: remove it.`;
  },
  duplicateEdgeId(id: string): string {
    return `Two connections have the id '${id.slice(0, 64)}': give one another id.`;
  },
  duplicateNodeId(id: string): string {
    return `Two steps have the id '${id.slice(0, 64)}': give one another id.`;
  },
  unknownKind(name: string, kind: string): string {
    return `${upper(name)} is a kind of step Segflow does not know ('${kind.slice(0, 40)}'): replace it with one from the palette.`;
  },
  cycle(names: string[]): string {
    return `These steps form a cycle: ${names.join(' → ')} → ${names[0]}. A step cannot feed itself: remove one of these connections.`;
  },
  duplicateSegment(segment: string, first: string): string {
    return `The segment '${segment}' is also made by ${first}: give each output its own segment name.`;
  },
  leadsNowhere(): string {
    return 'This step leads to no segment output, so it has no effect: connect it onward, or delete it.';
  },
  nothingDelivered(): string {
    return 'Nothing is delivered: add a Segment output and connect your last step into it.';
  },
  emptyWorkflow(): string {
    return 'The workflow is empty: drag a Profiles step from the palette to start, and end with a Segment output.';
  },
};

const upper = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);
