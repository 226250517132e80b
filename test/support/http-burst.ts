// A burst of signed interactions POSTed by the fake Discord to several HTTP interactions endpoints in turn (bot
// processes behind a load balancer), with forged copies mixed in: what the test of two HTTP processes asserts and
// what `npm run bench -- --scale` reports. An interaction is answered when its HTTP answer is a message or choices
// (type 4 or 8), or a deferral (type 5) followed by the edit or follow-up of its original message; in time when the
// HTTP answer came within Discord's 3 s.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AutocompleteInvocation, FakeDiscord, HttpAnswer, Invocation, PostedInteraction } from './fake-discord.js';

export interface HttpBurstResult {
  sent: number;
  /** Answered in full, with the HTTP answer within 3 s. */
  answeredInTime: number;
  /** HTTP answers after 3 s. */
  late: number;
  /** Interactions with no complete answer by the end of the settle time, with their HTTP status. */
  unanswered: { endpoint: string; status: number | 'no answer' }[];
  /** HTTP answer times (ms) of the genuine interactions. */
  answerMs: number[];
  deferred: number;
  /** Per endpoint: genuine interactions sent to it. */
  perEndpoint: number[];
  forged: { sent: number; accepted: number };
}

export interface HttpBurstOptions {
  /** The invocations are sent evenly over this many milliseconds. */
  spreadMs: number;
  /** After each this-many genuine interactions, one copy with a bad signature (0: none). */
  forgeEvery: number;
  /** How long to wait for the deferred replies' edits after the last HTTP answer. */
  settleMs: number;
}

type AnyInvocation = Invocation | AutocompleteInvocation;

export async function httpBurst(
  fake: FakeDiscord,
  endpoints: string[],
  invocations: AnyInvocation[],
  options: HttpBurstOptions,
): Promise<HttpBurstResult> {
  const posted: { interaction: PostedInteraction; endpoint: number }[] = [];
  const forged: Promise<HttpAnswer>[] = [];
  const start = performance.now();
  for (const [index, invocation] of invocations.entries()) {
    const wait = start + (index * options.spreadMs) / invocations.length - performance.now();
    if (wait > 1) await sleep(wait);
    const endpoint = index % endpoints.length;
    posted.push({ interaction: fake.postInteraction(endpoints[endpoint]!, invocation), endpoint });
    if (options.forgeEvery > 0 && index % options.forgeEvery === options.forgeEvery - 1) {
      forged.push(fake.postInteraction(endpoints[(index + 1) % endpoints.length]!, invocation, 'bad-signature').answer);
    }
  }
  const answers = await Promise.all(
    posted.map(({ interaction }) => interaction.answer.catch((error: unknown) => ({ status: 0, error }) as unknown as HttpAnswer)),
  );
  const forgedAnswers = await Promise.all(forged.map((answer) => answer.catch(() => null)));
  const completed = (index: number) => {
    const answer = answers[index]!;
    const type = (answer.body as { type?: number } | undefined)?.type;
    if (answer.status !== 200) return false;
    if (type === 4 || type === 8) return true;
    const token = posted[index]!.interaction.token;
    return fake.requests.some((r) => r.path.includes(`/webhooks/`) && r.path.includes(token) && r.method !== 'DELETE' && r.status < 300);
  };
  const deadline = performance.now() + options.settleMs;
  while (performance.now() < deadline && !answers.every((_, index) => completed(index))) await sleep(100);
  const result: HttpBurstResult = {
    sent: posted.length,
    answeredInTime: 0,
    late: 0,
    unanswered: [],
    answerMs: [],
    deferred: 0,
    perEndpoint: endpoints.map(() => 0),
    forged: { sent: forged.length, accepted: forgedAnswers.filter((answer) => answer !== null && answer.status !== 401).length },
  };
  for (const [index, { endpoint }] of posted.entries()) {
    const answer = answers[index]!;
    result.perEndpoint[endpoint]! += 1;
    if (answer.status === 200) result.answerMs.push(answer.ms);
    if (answer.late) result.late += 1;
    if ((answer.body as { type?: number } | undefined)?.type === 5) result.deferred += 1;
    if (!completed(index)) result.unanswered.push({ endpoint: endpoints[endpoint]!, status: answer.status === 0 ? 'no answer' : answer.status });
    else if (!answer.late) result.answeredInTime += 1;
  }
  return result;
}
