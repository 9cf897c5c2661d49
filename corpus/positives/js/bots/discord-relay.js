const fetch = require('node-fetch');

const WEBHOOK = "https://discord.com/api/webhooks/5159958074588231824/SeF5-5UVk1Da2JCIbS-ojt1VSauh91dFLb_aJ31V1ed0nVQT44GpgCWhSkC2JvUVLGew";

async function relay(event) {
  const body = {
    username: 'uptime-relay',
    embeds: [{
      title: `${event.monitor} is ${event.status}`,
      color: event.status === 'down' ? 0xe74c3c : 0x2ecc71,
      timestamp: new Date().toISOString(),
    }],
  };
  const res = await fetch(WEBHOOK, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`discord said ${res.status}`);
}

module.exports = { relay };
