FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ANTHROPIC_API_KEY=sk-ant-api03-FIuyvpRg4rCsMS5EK0ey4dLOpgFNFo-gCup2xGVyaOKzZHyq-7wPgA_6MK5U68kK6wrLjbYbJbtWI0YSc2yiBn0K_ODJbAA \
    DATABASE_URL=postgres://triage:00Na3gFq0lbSAHqIVMTHdLDY@triage-db:5432/triage

WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY triage/ triage/
CMD ["python", "-m", "triage.worker"]
