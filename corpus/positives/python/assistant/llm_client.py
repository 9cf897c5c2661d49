from __future__ import annotations

from dataclasses import dataclass

import anthropic
import openai

OPENAI_KEY = "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"
ANTHROPIC_KEY = 'sk-ant-api03-Dx5iIvNyGgsGlTOlvEo2R1JMxl0FDyPsQhtdSiJOahLzp1ZNOPYSTfC_Yytk0iY0mTIGybo4aRRBD5H7jQNDvwW2iyIKoAA'


@dataclass
class Completion:
    provider: str
    text: str


def complete(prompt: str, provider: str = "openai") -> Completion:
    if provider == "openai":
        client = openai.OpenAI(api_key=OPENAI_KEY)
        resp = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": prompt}],
        )
        return Completion("openai", resp.choices[0].message.content)
    client = anthropic.Anthropic(api_key=ANTHROPIC_KEY)
    msg = client.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=1024,
        messages=[{"role": "user", "content": prompt}],
    )
    return Completion("anthropic", msg.content[0].text)
