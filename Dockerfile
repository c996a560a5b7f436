# crisp-mcp over Streamable HTTP. Build: docker build -t crisp-mcp .
FROM node:20-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev
ENV CRISP_MCP_TRANSPORT=http CRISP_MCP_HOST=0.0.0.0 CRISP_MCP_PORT=8080
EXPOSE 8080
CMD ["node", "dist/cli.js"]
