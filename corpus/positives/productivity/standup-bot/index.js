// Posts a daily stand-up digest built from Linear, Notion, ClickUp and Figma activity.
const { LinearClient } = require("@linear/sdk");
const { Client: NotionClient } = require("@notionhq/client");

const linear = new LinearClient({ apiKey: "lin_api_FlyFkIkydtoieOf3Pa10b5KpgVVe0slJqTIi7zfl" });
const notion = new NotionClient({ auth: "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" });
const CLICKUP_TOKEN = "pk_47129_ZS8ZASGVE2CTXECNIC5CEQZA9EU0CL1V";
const FIGMA_TOKEN = "figd_KdKkI3QG9-BL5XdjwsFhJSiEpIC47KvN1LY7k_Ic";
const STANDUP_DB = "6304b6fd6e16c87e759206a10b04ed9e";

async function clickupTasks(listId) {
  const res = await fetch(`https://api.clickup.com/api/v2/list/${listId}/task?include_closed=false`, {
    headers: { Authorization: CLICKUP_TOKEN },
  });
  return (await res.json()).tasks;
}

async function figmaComments(fileKey) {
  const res = await fetch(`https://api.figma.com/v1/files/${fileKey}/comments`, {
    headers: { "X-Figma-Token": FIGMA_TOKEN },
  });
  return (await res.json()).comments;
}

async function main() {
  const issues = await linear.issues({ filter: { state: { type: { eq: "started" } } } });
  await notion.pages.create({
    parent: { database_id: STANDUP_DB },
    properties: { Name: { title: [{ text: { content: `Stand-up ${new Date().toISOString().slice(0, 10)}` } }] } },
  });
  console.log(`${issues.nodes.length} issues in progress`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
