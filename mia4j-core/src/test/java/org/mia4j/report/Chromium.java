package org.mia4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the DevTools protocol with the JDK's own HTTP and WebSocket clients: opens a page,
 * records console messages, exceptions and every network request it makes, evaluates expressions in it and takes
 * full-page screenshots. Only loopback connections (to the browser's debugging port) are made.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    final List<String> console = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private int nextId = 1;

    /** The browser binary, if installed (Debian's {@code chromium}). */
    static Optional<Path> find() {
        return Browsers.chromium();
    }

    Chromium(Path binary, Path profile, int width, int height) throws Exception {
        process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--user-data-dir=" + profile,
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-default-apps", "--disable-sync", "--metrics-recording-only", "--window-size=" + width + ","
                        + height, "about:blank").redirectErrorStream(true).start();
        String ws = null;
        Pattern p = Pattern.compile("DevTools listening on (ws://\\S+)");
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String line; ws == null && System.nanoTime() < deadline && (line = out.readLine()) != null;) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                ws = m.group(1);
            }
        }
        if (ws == null) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not open its DevTools port");
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (java.io.IOException ignored) {
                // the browser ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(ws);
        HttpClient http = HttpClient.newHttpClient();
        String list = "http://" + browser.getHost() + ":" + browser.getPort() + "/json/list";
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(list)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String page = null;
        for (JsonNode t : targets) {
            if (t.path("type").asText().equals("page")) {
                page = t.path("webSocketDebuggerUrl").asText();
            }
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()).get(30, TimeUnit.SECONDS);
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            call(domain + ".enable", JSON.createObjectNode());
        }
    }

    /** Loads {@code url} and waits for its load event. */
    void open(String url) throws Exception {
        ObjectNode p = JSON.createObjectNode().put("url", url);
        call("Page.navigate", p);
        loaded.get(60, TimeUnit.SECONDS);
    }

    /** Lays the page out again in a viewport {@code width} by {@code height} CSS pixels, as a window that size would. */
    void viewport(int width, int height) throws Exception {
        call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false));
    }

    JsonNode evaluate(String expression) throws Exception {
        return call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true)).path("result").path("value");
    }

    void screenshot(Path png) throws Exception {
        JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    /** Renders the page to PDF. */
    byte[] pdf() throws Exception {
        JsonNode r = call("Page.printToPDF", JSON.createObjectNode().put("printBackground", true));
        return Base64.getDecoder().decode(r.path("data").asText());
    }

    private synchronized JsonNode call(String method, ObjectNode params) throws Exception {
        int id = nextId++;
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        socket.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
        JsonNode r = f.get(60, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + ": " + r.get("error"));
        }
        return r.path("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buf = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
                try {
                    handle(JSON.readTree(buf.toString()));
                } catch (Exception e) {
                    console.add("unreadable DevTools message: " + e);
                }
                buf.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    private void handle(JsonNode m) {
        if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
            if (f != null) {
                f.complete(m);
            }
            return;
        }
        JsonNode p = m.path("params");
        switch (m.path("method").asText()) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.consoleAPICalled" -> console.add(p.path("type").asText() + ": " + p.path("args"));
            case "Runtime.exceptionThrown" -> console.add("exception: " + p.path("exceptionDetails"));
            case "Log.entryAdded" -> {
                if (p.path("entry").path("level").asText().equals("error")) {
                    console.add("log: " + p.path("entry").path("text").asText());
                }
            }
            case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
            default -> { }
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
