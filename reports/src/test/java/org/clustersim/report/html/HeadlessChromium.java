package org.clustersim.report.html;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real headless Chromium driven over the Chrome DevTools Protocol (a WebSocket on 127.0.0.1): opens a page and
 * reports what a user's browser would do with it: console errors, uncaught exceptions, every network request, and a
 * screenshot. Test code only.
 */
final class HeadlessChromium implements AutoCloseable {

    /** What loading a page did. */
    record PageCheck(List<String> consoleErrors, List<String> requests, JsonNode evaluated, BufferedImage screenshot) {
    }

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());

    /** The browser to use: $CHROMIUM, else /usr/bin/chromium; null when neither is there. */
    static Path find() {
        String env = System.getenv("CHROMIUM");
        Path path = Path.of(env != null && !env.isBlank() ? env : "/usr/bin/chromium");
        return Files.isExecutable(path) ? path : null;
    }

    HeadlessChromium(Path browser) throws Exception {
        profile = Files.createTempDirectory("clustersim-chromium-");
        process = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1280,2400",
                "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort"); // Chromium writes its port and browser path here
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                lines = Files.readAllLines(portFile);
                if (lines.size() >= 2) {
                    break;
                }
            }
            if (!process.isAlive()) {
                throw new IOException("chromium exited: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        if (lines.size() < 2) {
            close();
            throw new IOException("chromium did not open its DevTools port within " + TIMEOUT);
        }
        URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new Listener())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Loads {@code url} in a new tab, evaluates {@code expression} there, and takes a screenshot. */
    PageCheck open(String url, String expression) throws Exception {
        String target = call(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asString();
        String session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .path("sessionId").asString();
        for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
            call(session, domain + ".enable", Map.of());
        }
        int mark = events.size();
        call(session, "Page.navigate", Map.of("url", url));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!hasEvent(session, "Page.loadEventFired", mark)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("page did not load: " + url);
            }
            Thread.sleep(20);
        }
        Thread.sleep(300); // let late console messages and requests arrive
        JsonNode value = call(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
                .path("result").path("value");
        String png = call(session, "Page.captureScreenshot", Map.of("format", "png")).path("data").asString();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png)));
        List<String> errors = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        synchronized (events) {
            for (JsonNode e : events.subList(mark, events.size())) {
                if (!session.equals(e.path("sessionId").asString())) {
                    continue;
                }
                JsonNode p = e.path("params");
                switch (e.path("method").asString()) {
                    case "Runtime.consoleAPICalled" -> {
                        String type = p.path("type").asString();
                        if (type.equals("error") || type.equals("assert")) {
                            errors.add("console." + type + ": " + p.path("args").toString());
                        }
                    }
                    case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
                    case "Log.entryAdded" -> {
                        if (p.path("entry").path("level").asString().equals("error")) {
                            errors.add("log: " + p.path("entry").path("text").asString());
                        }
                    }
                    case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asString());
                    default -> {
                    }
                }
            }
        }
        call(null, "Target.closeTarget", Map.of("targetId", target));
        return new PageCheck(errors, requests, value, image);
    }

    private boolean hasEvent(String session, String method, int from) {
        synchronized (events) {
            for (JsonNode e : events.subList(from, events.size())) {
                if (method.equals(e.path("method").asString()) && session.equals(e.path("sessionId").asString())) {
                    return true;
                }
            }
        }
        return false;
    }

    private JsonNode call(String session, String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = mapper.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", mapper.valueToTree(params));
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(mapper.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode response = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new IllegalStateException(method + ": " + response.path("error"));
        }
        return response.path("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode message = mapper.readTree(text.toString());
                text.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonNode> reply = pending.remove(message.path("id").asInt());
                    if (reply != null) {
                        reply.complete(message);
                    }
                } else {
                    events.add(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                call(null, "Browser.close", Map.of());
            }
        } catch (Exception e) {
            // the browser may close the socket before it answers: it is going away either way
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
