# The origins of the web pages that open sockets, comma-separated (empty: no browser connects).
export ALLOWED_ORIGINS=http://localhost:5173
