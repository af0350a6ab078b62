// The playground's plans for the replay scenarios against what the scenario runner does in them
// (scenario-facts.mjs, replay() in scenario-engine.mjs), and the words the page and the log show for
// them. The plans are played in a browser by tests/playground/replay.spec.ts. Run with
// `npm run test:unit` (node --test).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { WS_APPROACH_SLUGS } from '../../../examples/approaches.mjs';
import { outcome } from '../../../examples/recommended/demo/outcomes.mjs';
import { ADMIN_NAMESPACE, SCENARIOS, TEXTS } from '../../../examples/recommended/demo/scenario-facts.mjs';
import { WS_SCENARIO_IDS } from '../../../examples/ws-recommended/demo/scenarios.mjs';
import { logText } from './log-text.ts';
import { PLAIN_WEBSOCKET_ACTIONS, PLANS, bobText, describeStep, isEntitled, playsBob, type Step } from './scenario-plans.ts';

const replays = SCENARIOS.flatMap((scenario) => ('replay' in scenario ? [{ id: scenario.id, replay: scenario.replay, token: scenario.token }] : []));
const presses = (steps: Step[]) => steps.flatMap((step) => ('press' in step ? [`${step.client} ${step.press}`] : []));

test('every replay scenario has a plan that replays what scenario-facts says, where it says', () => {
	assert.ok(replays.length >= 4, 'scenario-facts.mjs lists the replay scenarios');
	for (const { id, replay } of replays) {
		const plan = PLANS[id];
		assert.ok(plan, `${id}: no plan`);
		const modes: Record<string, { replay: string; namespace: string }> = {
			session: { replay: 'alice', namespace: '/' },
			namespace: { replay: 'alice', namespace: ADMIN_NAMESPACE },
			malformed: { replay: 'malformed', namespace: '/' },
		};
		const expected = modes[String(replay)];
		assert.ok(expected, `${id}: unknown replay "${replay}"`);
		assert.deepEqual({ replay: plan.visitor.replay, namespace: plan.visitor.namespace }, expected, id);
		// One try: socket.io's own reconnection would send the session a second time.
		assert.equal(plan.visitor.reconnection, false, id);
	}
	// Only the replay scenarios send a session.
	for (const [id, plan] of Object.entries(PLANS)) assert.equal(plan.visitor.replay !== undefined, replays.some((r) => r.id === id), id);
});

test("a replay of Alice's session follows replay(): Bob writes before and after her drop, then the second client connects", () => {
	for (const { id, replay } of replays.filter((r) => r.replay !== 'malformed')) {
		assert.deepEqual(
			presses(PLANS[id]!.steps),
			['alice connect', 'bob send', 'alice drop', 'bob send', 'visitor connect', 'visitor whoami'],
			id,
		);
		assert.ok(playsBob(PLANS[id]!), `${id}: Bob is shown`);
	}
	// Bob's texts are those of the documented outcomes: the one Alice gets, and the one she misses.
	assert.equal(bobText(true), TEXTS.beforeDrop);
	assert.equal(bobText(false), TEXTS.whileAway);
	assert.equal(playsBob(PLANS.leak!), false);
});

test('the steps read as instructions, and say what the second client sends', () => {
	for (const { id } of replays) {
		const steps = PLANS[id]!.steps.map((step) => describeStep(step, PLANS[id]));
		for (const step of steps) assert.match(step, /^[A-Z“].*\.$/, `${id}: "${step}"`);
		const connect = steps.find((step) => step.startsWith('“Connect” for the second client'))!;
		assert.match(connect, id === 'replay-malformed' ? /4 KB of “x” and the offset “-1”/ : /pid and offset of Alice’s session/, id);
		if (id === 'replay-namespace') assert.match(connect, new RegExp(`to ${ADMIN_NAMESPACE}`));
	}
});

test("only Alice's own token is wanted in her session; another user's is not", () => {
	const kinds = Object.fromEntries(replays.map(({ id, token }) => [id, isEntitled(token, PLANS[id]!)]));
	assert.deepEqual(kinds, Object.fromEntries(replays.map(({ id }) => [id, id === 'recovery-fresh'])));
	// Elsewhere, a demo user's token is wanted in.
	assert.equal(isEntitled('admin', PLANS.valid!), true);
});

test('an event packet before connect is a line of its own: a leak for anyone but the session’s owner', () => {
	const wire = outcome.wire('message', { from: 'Bob', text: TEXTS.whileAway });
	assert.deepEqual(logText(wire, { authenticated: false }), {
		text: `LEAK on the wire before connect: Bob’s message {"from":"Bob","text":"${TEXTS.whileAway}"}`,
		tone: 'leak',
	});
	assert.equal(logText(wire, { authenticated: true }).tone, 'neutral');
	assert.match(logText(outcome.wire('exception', { message: 'x' })).text, /^on the wire before connect: “exception” \{"message":"x"\}$/);
	assert.match(logText(outcome.message({ from: 'Bob', text: 'hi' }), { authenticated: false, otherUser: true }).text, /^LEAK: another user received/);
});

test('a plain WebSocket example is offered every scenario of WS_SCENARIO_IDS but origin, and its clients no drop', () => {
	for (const slug of WS_APPROACH_SLUGS) {
		const behavior = JSON.parse(readFileSync(new URL(`../../../examples/${slug}/behavior.json`, import.meta.url), 'utf8'));
		const offered = Object.keys(behavior.variants[0].scenarios).filter((id) => PLANS[id]);
		assert.deepEqual(offered.sort(), WS_SCENARIO_IDS.filter((id) => id !== 'origin').sort(), slug);
	}
	// A page cannot send another Origin than its own: no plan, for either family.
	assert.equal(PLANS.origin, undefined);
	// Nothing on a plain WebSocket restores a session, and Bob acts in none of its scenarios.
	assert.equal(PLAIN_WEBSOCKET_ACTIONS.includes('drop'), false);
	for (const id of WS_SCENARIO_IDS.filter((id) => PLANS[id])) assert.equal(playsBob(PLANS[id]!), false, id);
});
