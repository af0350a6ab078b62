/**
 * The criteria a reader weighs when picking an approach. Every one that is behaviour is derived
 * from a scenario of the behaviour file (named in `from`), so the comparison page cannot claim
 * more than the tests show. No Astro or Vite imports: the tests import this module.
 */
import { outcomeText } from './outcomes';

type Scenarios = Record<string, { outcomes: string[] } | undefined>;

export interface Criterion {
	id: string;
	title: string;
	/** The scenario the answer is derived from. */
	from: string;
	answer: (outcomes: string[]) => string;
}

const has = (outcomes: string[], prefix: string) => outcomes.some((o) => o.startsWith(prefix));

export const CRITERIA: Criterion[] = [
	{
		id: 'before-connect',
		title: 'Runs before the client is connected?',
		from: 'no-token',
		answer: (o) => (o[0] === 'connected' ? 'No: the client sees connect first' : 'Yes: refused before connect'),
	},
	{
		id: 'first-event',
		title: 'Alice (valid token) gets an answer to her first event?',
		from: 'valid',
		answer: (o) =>
			o.some((x) => x.startsWith('ack:') && x.includes('"alice"'))
				? 'Yes: the user is known before any event'
				: has(o, 'timeout')
					? 'No: her first event gets no answer'
					: outcomeText(o, { compact: true }),
	},
	{
		id: 'namespaces',
		title: 'Protects a namespaced gateway (/admin)?',
		from: 'namespace',
		answer: (o) =>
			o[0] === 'connected'
				? has(o, 'ack:')
					? 'No: /admin is open'
					: 'Connects; only its events are refused'
				: 'Yes: refused on /admin too',
	},
	{
		id: 'leak',
		title: 'Can an unauthenticated socket receive broadcasts?',
		from: 'leak',
		answer: (o) => (has(o, 'message:') ? 'Yes: it receives Alice’s message' : 'No'),
	},
	{
		id: 'client-sees',
		title: 'What a client with an expired token sees',
		from: 'expired',
		answer: (o) => outcomeText(o, { compact: true }),
	},
	{
		id: 'retry',
		title: 'Does a refused client retry by itself?',
		from: 'retry',
		answer: (o) =>
			has(o, 'reconnect_attempt')
				? 'Yes: it keeps reconnecting'
				: o.includes('connected') && !has(o, 'disconnect:')
					? 'Nothing is refused: it stays connected'
					: 'No: your code decides',
	},
	{
		id: 'expiry',
		title: 'Token expires while connected',
		from: 'expiry',
		answer: (o) =>
			has(o, 'disconnect:')
				? 'Disconnected at expiry'
				: o.slice(1).some((x) => x.startsWith('ack:') && x.includes('"alice"'))
					? 'Not handled: keeps working'
					: has(o, 'exception:')
						? 'Events refused, stays connected'
						: outcomeText(o, { compact: true }),
	},
];

/** The answer for one example, or undefined when its behaviour file lacks the scenario. */
export function criterionAnswer(criterion: Criterion, scenarios: Scenarios): string | undefined {
	const documented = scenarios[criterion.from];
	return documented ? criterion.answer(documented.outcomes) : undefined;
}
