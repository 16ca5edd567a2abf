import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../src/paths.js";
import { EmulatorApi, xmlValues } from "../src/local/emulator-api.js";
import { freePort } from "../src/emulator/emulator.js";
import { readOutputs } from "../src/emulator/stack.js";
import { generateProject, removeTempDirs } from "./support/project.js";

/**
 * `lambdaform dev` end to end, for one runtime: a project with every trigger and a table, its
 * stack applied to a moto of its own, each trigger exercised through the emulator as a user
 * would (an HTTP request, a message, a notification, an event, an upload, a table change, the
 * schedule) and its effect read back from the emulator: the item the function saved in the
 * table. Also Lambda's failure paths (a poison message reaching the dead-letter queue after the
 * queue's receive count, a failing stream record reaching the on-failure destination), code
 * reloads, on-demand invokes, and Ctrl-C leaving no function process behind.
 */

const tsx = path.join(packageRoot, "node_modules/.bin/tsx");
const cli = path.join(packageRoot, "src/bin/lambdaform.ts");
const triggers = ["http-api", "rest-api", "function-url", "s3", "sqs", "sns", "schedule", "eventbridge", "dynamodb-stream"];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export function devLoopSuite(runtime: string): void {
  describe(`lambdaform dev, ${runtime}`, () => {
    let dir: string;
    let dev: ChildProcess;
    let stdout = "";
    let stderr = "";
    let url: string;
    let api: EmulatorApi;
    let emulatorPort: number;
    let outputs: Record<string, unknown>;
    let poisonSentAt: number;
    const accountQueue = (name: string) => `${api.endpoint}/123456789012/${name}`;

    const getItem = async (table: string, id: string) => {
      const answer = await api.target<{ Item?: Record<string, unknown> }>("dynamodb", "DynamoDB_20120810.GetItem", {
        TableName: table,
        Key: { id: { S: id } },
      });
      return answer.Item;
    };
    const saved = (id: string, timeoutMs = 60_000) => until(`item ${id} in the table`, () => getItem(String(outputs.table_name), id), timeoutMs);
    const sqs = (action: string, body: unknown) => api.target<Record<string, any>>("sqs", `AmazonSQS.${action}`, body);

    beforeAll(async () => {
      dir = await generateProject(`dev-${runtime.replace(/\W/g, "")}`, [
        "--runtime",
        runtime,
        ...triggers.flatMap((t) => ["--trigger", t]),
        "--resource",
        "table",
        // A short timeout keeps the queue's visibility timeout (6x) short: a poison message reaches the DLQ in about a minute.
        "--timeout",
        "2",
        "--schedule",
        "rate(1 minute)",
      ]);
      emulatorPort = await freePort();
      dev = spawn(tsx, [cli, "dev", dir, "--port", "0", "--emulator-port", String(emulatorPort)], { stdio: ["ignore", "pipe", "pipe"] });
      dev.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      dev.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      await until(
        "lambdaform dev to be ready",
        async () => {
          if (dev.exitCode !== null) throw new Error(`dev exited ${dev.exitCode}: ${stderr}`);
          return /lambdaform dev: ready/.test(stderr) ? true : undefined;
        },
        540_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${stderr.slice(-3000)}`);
      });
      url = JSON.parse(readFileSync(path.join(dir, ".lambdaform/dev/server.json"), "utf8")).url;
      const endpoint = `http://127.0.0.1:${emulatorPort}`;
      const spec = JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8")).spec;
      api = new EmulatorApi(endpoint, spec.region);
      outputs = await readOutputs({ projectDir: dir, endpoint, workDir: path.join(dir, `.lambdaform/dev/terraform-127.0.0.1_${emulatorPort}`) });
      // Started first: it takes the queue's five receives, a visibility timeout (12 s) apart.
      await sqs("SendMessage", { QueueUrl: outputs.worker_queue_url, MessageBody: "this is not JSON" });
      poisonSentAt = Date.now();
    }, 600_000);

    afterAll(async () => {
      if (dev && dev.exitCode === null) dev.kill("SIGKILL");
      if (emulatorPort) execFileSync(tsx, [cli, "dev", "--stop", "--emulator-port", String(emulatorPort)], { stdio: "ignore" });
      removeTempDirs();
    });

    it("HTTP API, REST API and function URL requests reach their functions with their own event shapes; the item lands in the table", async () => {
      const created = await fetch(`${url}/api/items`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "http-1", name: "one" }) });
      expect(created.status, await created.clone().text()).toBe(201);
      expect(await getItem(String(outputs.table_name), "http-1")).toBeDefined();
      const viaRest = await fetch(`${url}/rest/items/http-1`);
      expect(viaRest.status).toBe(200);
      expect(await viaRest.json()).toMatchObject({ id: "http-1" });
      const viaUrl = await fetch(`${url}/url/items/http-1`);
      expect(viaUrl.status).toBe(200);
      expect(await viaUrl.json()).toMatchObject({ id: "http-1" });
      expect((await fetch(`${url}/nothing-here/`)).status).toBe(404);
    });

    it("a message on the queue reaches the worker", async () => {
      await sqs("SendMessage", { QueueUrl: outputs.worker_queue_url, MessageBody: JSON.stringify({ id: "sqs-1" }) });
      await saved("sqs-1");
    });

    it("a notification published to the topic reaches its subscriber", async () => {
      const topic = await until("the topic", async () => {
        const xml = await api.query("sns", { Action: "ListTopics" });
        return xmlValues(xml, "TopicArn").find((arn) => arn.includes("notifications"));
      }, 10_000);
      await api.query("sns", { Action: "Publish", TopicArn: topic, Message: JSON.stringify({ id: "sns-1" }) });
      await saved("sns-1");
    });

    it("an event matching the rule's pattern reaches the function; one that does not match never does", async () => {
      await api.target("events", "AWSEvents.PutEvents", {
        Entries: [
          { Source: "somebody.else", DetailType: "ItemCreated", Detail: JSON.stringify({ id: "eb-other" }) },
          { Source: "my.app", DetailType: "ItemCreated", Detail: JSON.stringify({ id: "eb-1" }) },
        ],
      });
      await saved("eb-1");
      expect(await getItem(String(outputs.table_name), "eb-other")).toBeUndefined();
    });

    it("an object uploaded under the notification's prefix reaches the function", async () => {
      const bucket = await until("the source bucket", async () => {
        const xml = await api.xml("s3", "GET", "/");
        return xmlValues(xml, "Name").find((name) => name.includes("objects"));
      }, 10_000);
      await api.xml("s3", "PUT", `/${bucket}/uploads/s3-1.json`, "{}");
      await saved("uploads/s3-1.json");
    });

    it("a change to the source table reaches the stream's function", async () => {
      await api.target("dynamodb", "DynamoDB_20120810.PutItem", { TableName: outputs.changes_table_name, Item: { id: { S: "ddb-1" } } });
      await saved("ddb-1");
    });

    it("a stream record the function keeps failing on goes to the on-failure destination after the mapping's retries", async () => {
      // An id longer than an item id may be (1,024 bytes), which DynamoDB takes as a key (up to 2,048).
      await api.target("dynamodb", "DynamoDB_20120810.PutItem", { TableName: outputs.changes_table_name, Item: { id: { S: "x".repeat(1500) } } });
      const failuresName = `${String(outputs.changes_table_name).replace(/-source$/, "")}-stream-failures`;
      const body = await until(
        "the failure record",
        async () => {
          const answer = await sqs("ReceiveMessage", { QueueUrl: accountQueue(failuresName), WaitTimeSeconds: 1 });
          return answer.Messages?.[0]?.Body as string | undefined;
        },
        60_000,
      );
      expect(JSON.parse(body)).toMatchObject({ requestContext: { condition: "RetryAttemptsExhausted", approximateInvokeCount: 4 }, DDBStreamBatchInfo: { batchSize: 1 } });
    });

    it("any function runs on demand with its sample event; the schedule's with a scheduled run's input", async () => {
      const response = await fetch(`${url}/_lambdaform/invoke/job`, { method: "POST" });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-amz-function-error")).toBeNull();
      await until("an on-demand run", async () => {
        const scan = await api.target<{ Items: { id: { S: string } }[] }>("dynamodb", "DynamoDB_20120810.Scan", { TableName: outputs.table_name });
        return scan.Items.some((i) => i.id.S.startsWith("run-")) ? true : undefined;
      }, 10_000);
    });

    it("`npm run invoke -- <function> --local` sends the event to the function running in dev", async () => {
      const result = spawnSync(process.execPath, ["scripts/invoke.mjs", "api", "--local"], { cwd: dir, encoding: "utf8" });
      expect(result.status, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toHaveProperty("statusCode");
    });

    it("code changes are picked up without a restart", async () => {
      const handler = runtime.startsWith("python") ? path.join(dir, "src/app/handlers/api.py") : path.join(dir, "src/handlers/api.ts");
      appendFileSync(handler, runtime.startsWith("python") ? '\nprint("reloaded-9f3a")\n' : '\nconsole.log("reloaded-9f3a");\n');
      await until("the reload", async () => (/code changed: repackaged/.test(stderr) ? true : undefined), 30_000);
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      await until("the new code's output", async () => (stdout.includes("reloaded-9f3a") ? true : undefined), 5_000);
    });

    it("the schedule runs on its expression", async () => {
      const before = stdout.split("\n").filter((l) => l.startsWith("job") && l.includes("START RequestId")).length;
      await until("a scheduled run", async () => {
        const runs = stdout.split("\n").filter((l) => l.startsWith("job") && l.includes("START RequestId")).length;
        return runs > before ? true : undefined;
      }, 75_000);
    }, 90_000);

    it("a poison message ends in the dead-letter queue after the queue's five receives", async () => {
      const message = await until(
        "the poison message in the dead-letter queue",
        async () => {
          const answer = await sqs("ReceiveMessage", { QueueUrl: outputs.worker_dead_letter_queue_url, WaitTimeSeconds: 1, AttributeNames: ["All"] });
          return answer.Messages?.[0] as { Body: string } | undefined;
        },
        120_000,
      );
      expect(message.Body).toBe("this is not JSON");
      // Five receives, a visibility timeout (12 s) apart: not before four timeouts have passed.
      expect(Date.now() - poisonSentAt).toBeGreaterThan(4 * 12_000);
      // dev notes each failed batch: the function saw the message on each of the five receives.
      expect(stderr.match(/sqs \S+-worker-queue -> worker .*: 1 of 1 messages failed/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
    }, 150_000);

    it("Ctrl-C stops every function process; the emulator keeps running until dev --stop", async () => {
      const children = execFileSync("pgrep", ["-P", String(dev.pid)], { encoding: "utf8" }).trim().split("\n").filter(Boolean).map(Number);
      expect(children.length).toBeGreaterThan(0);
      dev.kill("SIGINT");
      await until("dev to exit", async () => (dev.exitCode !== null ? true : undefined), 20_000);
      expect(dev.exitCode).toBe(130);
      const alive = children.filter((pid) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      expect(alive).toEqual([]);
      expect(existsSync(path.join(dir, ".lambdaform/dev/server.json"))).toBe(false);
      expect((await sqs("ListQueues", {})).QueueUrls).toContain(outputs.worker_queue_url);
    });

    it("the next run finds the emulator with its state and skips the apply; dev --stop ends the emulator", async () => {
      let again = "";
      const second = spawn(tsx, [cli, "dev", dir, "--port", "0", "--emulator-port", String(emulatorPort)], { stdio: ["ignore", "ignore", "pipe"] });
      second.stderr!.setEncoding("utf8").on("data", (chunk: string) => (again += chunk));
      try {
        await until("the second run to be ready", async () => (/lambdaform dev: ready/.test(again) ? true : undefined), 120_000);
        expect(again).toContain("(reused)");
        expect(again).toContain("no apply needed");
        const secondUrl = JSON.parse(readFileSync(path.join(dir, ".lambdaform/dev/server.json"), "utf8")).url;
        expect((await fetch(`${secondUrl}/api/items/http-1`)).status).toBe(200);
      } finally {
        second.kill("SIGINT");
        await until("the second run to exit", async () => (second.exitCode !== null ? true : undefined), 20_000);
      }
      execFileSync(tsx, [cli, "dev", "--stop", "--emulator-port", String(emulatorPort)], { stdio: "ignore" });
      await until("the emulator to stop", () => sqs("ListQueues", {}).then(() => undefined, () => true), 10_000);
    });
  });
}
