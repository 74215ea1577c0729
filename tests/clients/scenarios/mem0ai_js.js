// The scenario through the official npm mem0ai client (MemoryClient), under node.
//
//   NODE_PATH=tests/clients/js/node_modules node mem0ai_js.js \
//     --base-url URL --api-key KEY --user-id ID --out FILE
//
// Writes the same transcript as the Python scenarios (see _transcript.py) to FILE: the client's
// answers as it returns them (it turns the API's snake_case keys into camelCase), and for a
// failed step the class name of what it threw. Exits 0 once every step has run.
"use strict";

const fs = require("fs");
const { MemoryClient } = require("mem0ai");

const MESSAGES = [{ role: "user", content: "I live in Berlin and I love hiking." }];
const QUERY = "where does the user live";
const MEMORY = "Lives in Berlin";
const NEW_TEXT = "Lives in Munich";

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined) {
      throw new Error(`bad arguments: ${argv.join(" ")}`);
    }
    args[argv[i].slice(2)] = argv[i + 1];
  }
  for (const name of ["base-url", "api-key", "user-id", "out"]) {
    if (!args[name]) throw new Error(`--${name} is required`);
  }
  return args;
}

function describeError(error) {
  const described = {
    class: (error && error.constructor && error.constructor.name) || typeof error,
    name: error && error.name,
    message: String((error && error.message) || error).slice(0, 2000),
  };
  if (error && error.errorCode) described.error_code = error.errorCode;
  const status = /^HTTP_(\d+)$/.exec((error && error.errorCode) || "");
  if (status) described.status = Number(status[1]);
  return described;
}

class Transcript {
  constructor(version, out) {
    this.data = { client: `npm mem0ai ${version} MemoryClient`, version, steps: [] };
    this.out = out;
  }

  async step(name, call) {
    try {
      const result = await call();
      this.data.steps.push({ step: name, ok: true, result: result === undefined ? null : result });
      return result;
    } catch (error) {
      this.data.steps.push({ step: name, ok: false, error: describeError(error) });
      return undefined;
    }
  }

  skip(name, why) {
    this.data.steps.push({ step: name, skipped: why });
  }

  write() {
    fs.writeFileSync(this.out, JSON.stringify(this.data, null, 1));
  }
}

// The client has no method for GET /v1/event/{id}/: a plain call with the key, polled.
async function followEvent(baseUrl, apiKey, eventId) {
  const deadline = Date.now() + 15000;
  for (let polls = 1; ; polls += 1) {
    const answer = await fetch(`${baseUrl}/v1/event/${encodeURIComponent(eventId)}/`, {
      headers: { Authorization: `Token ${apiKey}` },
    });
    const body = await answer.json();
    if (answer.status !== 200) {
      throw new Error(`GET /v1/event/${eventId}/ answered ${answer.status}: ${JSON.stringify(body)}`);
    }
    if (!["PENDING", "RUNNING"].includes(body.status) || Date.now() > deadline) {
      return { polls, event: body };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function items(answer) {
  if (Array.isArray(answer)) return answer;
  if (answer && typeof answer === "object") return answer.results || answer.memories || [answer];
  return [];
}

function queuedEventId(answer) {
  const item = items(answer).find((x) => x && x.status === "PENDING" && x.eventId);
  return item ? item.eventId : undefined;
}

function memoryId(...answers) {
  for (const answer of answers) {
    const item = items(answer).find(
      (x) => x && x.id && (x.memory === MEMORY || (x.data && x.data.memory === MEMORY)),
    );
    if (item) return item.id;
  }
  return undefined;
}

async function scenario(args, transcript) {
  const user = args["user-id"];
  let client;
  // The constructor pings in the background; its public ping() is awaited to see what it learnt.
  await transcript.step("construct", async () => {
    const made = new MemoryClient({ apiKey: args["api-key"], host: args["base-url"] });
    await made.ping();
    client = made;
    return { org_id: made.organizationId, project_id: made.projectId, user_email: made.telemetryId };
  });
  if (!client) return;

  const added = await transcript.step("add", () => client.add(MESSAGES, { userId: user }));
  const eventId = queuedEventId(added);
  let followed;
  if (eventId !== undefined) {
    followed = await transcript.step("event", () =>
      followEvent(args["base-url"], args["api-key"], eventId),
    );
  } else {
    transcript.skip("event", "the add answered without a queued event");
  }
  const filters = { user_id: user };
  const found = await transcript.step("search", () => client.search(QUERY, { filters }));
  const listed = await transcript.step("list", () => client.getAll({ filters }));

  const wanted = memoryId(followed && followed.event, added, found, listed);
  transcript.data.memory_id = wanted === undefined ? null : wanted;
  if (wanted === undefined) {
    for (const name of ["get", "update", "history", "delete", "get_deleted"]) {
      transcript.skip(name, `no step named the id of the memory '${MEMORY}'`);
    }
  } else {
    await transcript.step("get", () => client.get(wanted));
    await transcript.step("update", () => client.update(wanted, { text: NEW_TEXT }));
    await transcript.step("history", () => client.history(wanted));
    await transcript.step("delete", () => client.delete(wanted));
    await transcript.step("get_deleted", () => client.get(wanted));
  }
  await transcript.step("delete_all", () => client.deleteAll({ userId: user }));
  await transcript.step("list_after", () => client.getAll({ filters }));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const manifest = require.resolve("mem0ai").replace(/dist[\\/]index\.js$/, "package.json");
  const version = JSON.parse(fs.readFileSync(manifest, "utf8")).version;
  const transcript = new Transcript(version, args.out);
  try {
    await scenario(args, transcript);
  } finally {
    transcript.write();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
