// Browser end-to-end scenario: a coach and a participant in two browser contexts against a running
// backend (which serves the built app). Plain node:test, so the summary is machine-readable:
//   E2E_BASE_URL=http://127.0.0.1:5000 node e2e/run.mjs
// Screenshots of every step (and each page's console) go to e2e/artifacts/.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:5000').replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = new URL('./artifacts/', import.meta.url);
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 20_000);
// How long a count must hold still before we believe it did not double count.
const SETTLE_MS = 1_500;

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
];

// Runs in every page before the app: WebRTC checks go only to 127.0.0.1, never to the machine's
// other interface addresses, so media stays on loopback whether or not we run inside `unshare -n`.
function keepIceOnLoopback() {
  const addIceCandidate = RTCPeerConnection.prototype.addIceCandidate;
  RTCPeerConnection.prototype.addIceCandidate = function (candidate, ...rest) {
    const line = candidate?.candidate ?? '';
    if (line && !/ 127\.0\.0\.1 /.test(line)) return Promise.resolve();
    return addIceCandidate.call(this, candidate, ...rest);
  };
}

async function waitUntil(read, accept, what, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let seen;
  for (;;) {
    try {
      seen = await read();
      if (accept(seen)) return seen;
    } catch (error) {
      seen = `error: ${error.message}`;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(seen)}`);
    await sleep(100);
  }
}

// Text of every element with a test id, visible or not, without waiting for any to exist.
const texts = (page, testId) => page.getByTestId(testId).allTextContents();
const count = (page, testId) => page.getByTestId(testId).count();
const badge = async (page, testId) => (await texts(page, testId))[0] ?? null;

async function expectCount(page, testId, expected, what) {
  await waitUntil(() => count(page, testId), (n) => n === expected, `${what}: ${expected} × ${testId}`);
}
async function expectBadge(page, testId, expected, what) {
  await waitUntil(() => badge(page, testId), (b) => b === expected, `${what}: ${testId} = ${expected}`);
}
// Reached, and still so a moment later: an event counted twice would show up in between.
async function expectSettled(read, expected, what) {
  await waitUntil(read, (v) => v === expected, what);
  await sleep(SETTLE_MS);
  assert.equal(await read(), expected, `${what} changed after settling`);
}

const remoteVideosPlaying = (page) =>
  page.evaluate(() => {
    const videos = [...document.querySelectorAll('video[data-testid="remote-video"]')];
    return videos.map((v) => ({ readyState: v.readyState, width: v.videoWidth, paused: v.paused }));
  });

async function login(name, role) {
  const response = await fetch(`${BASE_URL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, role }),
  });
  assert.equal(response.status, 200, `login ${name} answered ${response.status}`);
  return (await response.json()).token;
}

describe('video conference: coach and participant', () => {
  let browser;
  const people = {};
  const logs = [];
  let sessionId;
  let inviteLink;
  let failedStep = null;
  let shot = 0;

  async function open(label) {
    const context = await browser.newContext({
      permissions: ['camera', 'microphone'],
      viewport: { width: 1280, height: 800 },
    });
    await context.addInitScript(keepIceOnLoopback);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('console', (message) => logs.push(`[${label}] ${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => logs.push(`[${label}] pageerror: ${error.message}`));
    return { label, context, page };
  }

  async function screenshot(name) {
    const prefix = String(++shot).padStart(2, '0');
    for (const { label, page } of Object.values(people)) {
      if (!page.isClosed()) await page.screenshot({ path: new URL(`${prefix}-${name}-${label}.png`, ARTIFACTS).pathname });
    }
  }

  // Steps depend on each other: after the first failure the rest are skipped, not failed again.
  function step(name, body) {
    it(name, async (t) => {
      if (failedStep) {
        t.skip(`an earlier step failed: ${failedStep}`);
        return;
      }
      try {
        await body();
      } catch (error) {
        failedStep = name;
        await screenshot('FAILED').catch(() => {});
        throw error;
      }
    });
  }

  async function signIn(page, name, role) {
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('radio', { name: role }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const connected = (page, who) => waitUntil(() => texts(page, 'connection-status'), (t) => t[0] === 'connected', `${who} connected`);
  const openPanel = (page, label) => page.getByRole('button', { name: label, exact: true }).click();

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await waitUntil(
      () => fetch(`${BASE_URL}/`).then((r) => r.status),
      (status) => status === 200,
      `the backend at ${BASE_URL} (set E2E_BASE_URL)`,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    people.coach = await open('coach');
    people.participant = await open('participant');
  });

  after(async () => {
    await browser?.close();
    await writeFile(new URL('console.log', ARTIFACTS), `${logs.join('\n')}\n`).catch(() => {});
  });

  step('the coach signs in and creates a session', async () => {
    const { page } = people.coach;
    await page.goto(`${BASE_URL}/`);
    await signIn(page, 'Carol Coach', 'coach');
    await page.getByLabel('Session title').fill('E2E coaching session');
    await page.getByRole('button', { name: 'Create session' }).click();
    inviteLink = await page.getByLabel('Invite link', { exact: true }).inputValue();
    sessionId = decodeURIComponent(new URL(inviteLink).pathname.split('/').pop());
    assert.ok(sessionId, `no session id in ${inviteLink}`);
    await page.getByRole('button', { name: 'Open session' }).click();
    await connected(page, 'coach');
    await screenshot('coach-in-session');
  });

  step('the participant opens the invite link, signs in and joins', async () => {
    const { page } = people.participant;
    await page.goto(inviteLink);
    await signIn(page, 'Pat Participant', 'participant');
    await waitUntil(() => page.url(), (url) => url.includes(`/session/${sessionId}`), 'participant on the session page');
    await connected(page, 'participant');
    await screenshot('participant-joined');
  });

  step("each side plays the other's video", async () => {
    for (const { page, label } of [people.coach, people.participant]) {
      await waitUntil(
        () => remoteVideosPlaying(page),
        (videos) => videos.length === 1 && videos.every((v) => v.readyState >= 2 && v.width > 0),
        `${label}'s remote video playing`,
      );
    }
    await screenshot('video');
  });

  step('an upload shows in both open lists and raises the badge by exactly 1', async () => {
    const coach = people.coach.page;
    const participant = people.participant.page;
    await openPanel(coach, 'Resources');
    await openPanel(participant, 'Shared files');
    await expectCount(coach, 'resource-item', 0, 'coach list before upload');
    assert.equal(await badge(coach, 'resource-count-badge'), null, 'no badge at 0');

    await coach.getByLabel('Upload file', { exact: true }).setInputFiles({
      name: 'agenda.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('1. Warm-up\n2. Review\n'),
    });

    await expectSettled(() => badge(coach, 'resource-count-badge'), '1', 'coach resource badge');
    for (const [page, who] of [[coach, 'coach'], [participant, 'participant']]) {
      assert.equal(await count(page, 'resource-item'), 1, `${who} shows the upload exactly once`);
      assert.match((await texts(page, 'resource-item'))[0], /agenda\.txt/);
    }
    await expectBadge(participant, 'shared-files-badge', '1', 'participant files badge');
    await screenshot('uploaded');
  });

  step('a page opened later shows the right initial count', async () => {
    const token = await login('Lena Late', 'coach');
    people.late = await open('late');
    const { page } = people.late;
    await page.goto(`${BASE_URL}/session/${encodeURIComponent(sessionId)}?token=${encodeURIComponent(token)}`);
    await connected(page, 'late coach');
    await expectSettled(() => badge(page, 'resource-count-badge'), '1', 'late page resource badge');
    await screenshot('late-page');
    await people.late.context.close();
    delete people.late;
  });

  step('deleting brings the badge down by 1 and empties both lists', async () => {
    const coach = people.coach.page;
    const participant = people.participant.page;
    await coach.getByRole('button', { name: 'Delete agenda.txt' }).click();
    await expectSettled(() => badge(coach, 'resource-count-badge'), null, 'coach resource badge gone');
    await expectCount(coach, 'resource-item', 0, 'coach list after delete');
    await expectCount(participant, 'resource-item', 0, 'participant list after delete');
    await screenshot('deleted');
  });

  step('a poll is created and voted on live', async () => {
    const coach = people.coach.page;
    const participant = people.participant.page;
    await openPanel(coach, 'Polls');
    await openPanel(participant, 'Polls');
    await coach.getByLabel('Poll question').fill('Which topic next?');
    await coach.getByLabel('Option 1').fill('Testing');
    await coach.getByLabel('Option 2').fill('Deployment');
    await coach.getByRole('button', { name: 'Create poll' }).click();

    for (const page of [coach, participant]) {
      await expectCount(page, 'poll-item', 1, 'one poll');
      await expectSettled(() => badge(page, 'poll-count-badge'), '1', 'poll badge');
    }
    await participant.getByRole('button', { name: 'Vote Testing' }).click();
    for (const [page, who] of [[coach, 'coach'], [participant, 'participant']]) {
      await waitUntil(
        () => texts(page, 'poll-option-votes'),
        (votes) => votes.join('|') === '1 vote|0 votes',
        `${who} sees the vote`,
      );
    }
    await screenshot('poll');
  });

  step('a chat message shows exactly once on both sides', async () => {
    const coach = people.coach.page;
    const participant = people.participant.page;
    const text = 'Hello from the participant';
    await openPanel(participant, 'Chat');
    await participant.getByLabel('Message', { exact: true }).fill(text);
    await participant.getByRole('button', { name: 'Send message' }).click();

    const copies = (page) => texts(page, 'chat-message').then((all) => all.filter((t) => t.includes(text)).length);
    await expectSettled(() => copies(participant), 1, 'participant sees the message once');
    await expectSettled(() => badge(coach, 'chat-unread-badge'), '1', 'coach unread badge');
    await openPanel(coach, 'Chat');
    await expectSettled(() => copies(coach), 1, 'coach sees the message once');
    assert.equal(await badge(coach, 'chat-unread-badge'), null, 'opening the chat clears the unread badge');
    await screenshot('chat');
  });

  step("the participant leaves and the coach's list updates", async () => {
    const coach = people.coach.page;
    const participant = people.participant.page;
    await openPanel(coach, 'Participants');
    const names = () => texts(coach, 'participant-item');
    await waitUntil(names, (all) => all.some((t) => t.includes('Pat Participant')), 'participant listed');

    await participant.getByRole('button', { name: 'Leave' }).click();
    await waitUntil(() => participant.url(), (url) => new URL(url).pathname === '/', 'participant back home');
    await waitUntil(names, (all) => all.length === 1 && !all.some((t) => t.includes('Pat Participant')), 'participant gone from the list');
    await waitUntil(() => count(coach, 'remote-video'), (n) => n === 0, "participant's video gone");
    await screenshot('left');
  });

  step('the host ends the session and everyone still in it lands on the start page with the news', async () => {
    const coach = people.coach.page;
    const token = await login('Sam Second', 'participant');
    people.second = await open('second');
    const second = people.second.page;
    await second.goto(`${BASE_URL}/session/${encodeURIComponent(sessionId)}?token=${encodeURIComponent(token)}`);
    await connected(second, 'second participant');
    const names = () => texts(coach, 'participant-item');
    await waitUntil(names, (all) => all.some((t) => t.includes('Sam Second')), 'second participant listed');
    assert.equal(await second.getByRole('button', { name: 'End session' }).count(), 0, 'only the host may end the session');

    await coach.getByRole('button', { name: 'End session' }).click();
    await coach.getByRole('button', { name: 'End for everyone' }).click();

    const news = (page) => page.getByText('The session has ended', { exact: true }).count();
    for (const [page, who] of [[second, 'second participant'], [coach, 'coach']]) {
      await waitUntil(() => new URL(page.url()).pathname, (path) => path === '/', `${who} back on the start page`);
      await waitUntil(() => news(page), (n) => n === 1, `${who} told the session has ended`);
      assert.equal(await count(page, 'connection-status'), 0, `${who} has left the conference view`);
    }
    await screenshot('ended');
    const hostToken = await coach.evaluate(() => sessionStorage.getItem('token') ?? localStorage.getItem('token'));
    const ended = await fetch(`${BASE_URL}/api/sessions/${encodeURIComponent(sessionId)}`, {
      headers: { authorization: `Bearer ${hostToken}` },
    }).then((r) => r.json());
    assert.equal(ended.status, 'ended', 'the server has the session as ended');
  });
});
