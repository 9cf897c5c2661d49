import mysql from 'mysql2/promise';
import Anthropic from '@anthropic-ai/sdk';

const conn = await mysql.createConnection('mysql://root:qOejAMXuOMxSoJ8P@127.0.0.1:3307/catalog');
const anthropic = new Anthropic({ apiKey: 'sk-ant-api03-ihKph46DJ5svqJz8jRRn_XHL2KTj0PXrNFe29gfUOEvnE4HX34LaOdaeVJw31udNCSiSPN_pBpoA2c7AjRyn7Jn4DaJMvAA' });

const categories = ['tents', 'sleeping bags', 'stoves', 'headlamps'];
for (const c of categories) {
  const msg = await anthropic.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 300,
    messages: [{ role: 'user', content: `Write a 2-sentence catalogue blurb for ${c}.` }],
  });
  await conn.execute('INSERT INTO categories (name, blurb) VALUES (?, ?)', [c, msg.content[0].text]);
}
await conn.end();
