#!/usr/bin/env bash
# Starts the kb site on http://127.0.0.1:${KB_PORT:-8501}, building whatever is missing first:
# the virtual environment, the pinned packages and the index of corpus/ (an incremental sync).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
.venv/bin/kb ingest || echo "有些文件没能收录（原因见上）；用其余文件启动网站。" >&2
exec .venv/bin/streamlit run app.py --server.address 127.0.0.1 --server.port "${KB_PORT:-8501}" \
  --server.headless true --browser.gatherUsageStats false "$@"
