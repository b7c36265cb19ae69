// Signs Kith user tokens the way the host's own server does (docs/admin.md, section 3), with the JDK only
// (Java 17+, launched as a single source file: no javac step, no build).
//
//   KITH_SITE_SECRET=... java docs/snippets/Token.java <site> <user-id> [name]          prints a token
//   KITH_SITE_SECRET=... java docs/snippets/Token.java serve <site> <user-id> [name]
//       serves GET /kith-token on PORT (default 8081) with the JDK's HTTP server; the cookie session=demo
//       stands in for a signed-in session of <user-id>, anything else is signed out.
// The site, user id and name may also come from KITH_SITE, KITH_USER_ID and KITH_USER_NAME.
// The regions between [token] and [endpoint] markers are shown verbatim in docs/admin.md (a test checks).
// [token]
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
// [/token]
// [endpoint]
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
// [/endpoint]
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.List;

/** The program: prints a token, or serves the endpoint (the launcher runs the file's first class). */
public class Token {
    public static void main(String[] argv) throws Exception {
        List<String> args = List.of(argv);
        boolean serve = !args.isEmpty() && args.get(0).equals("serve");
        if (serve) args = args.subList(1, args.size());
        String site = arg(args, 0, "KITH_SITE"), id = arg(args, 1, "KITH_USER_ID"), name = arg(args, 2, "KITH_USER_NAME");
        if (site == null || id == null) {
            System.err.println("usage: KITH_SITE_SECRET=... java Token.java [serve] <site> <user-id> [name]");
            System.exit(2);
        }
        if (!serve) {
            System.out.println(KithToken.sign(site, id, name));
            return;
        }
        Map<String, String> user = name == null ? Map.of("id", id) : Map.of("id", id, "name", name);
        Function<HttpExchange, Map<String, String>> demoSession = exchange -> {
            String cookie = exchange.getRequestHeaders().getFirst("Cookie");
            return cookie != null && cookie.matches("(.*;\\s*)?session=demo(;.*)?") ? user : null;
        };
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8081"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/kith-token", new KithTokenEndpoint(site, demoSession));
        server.start();
        System.out.println("listening on http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static String arg(List<String> args, int i, String env) {
        return i < args.size() ? args.get(i) : System.getenv(env);
    }
}

// [token]
/** Signs Kith user tokens: HS256 JWTs with the site's secret, from the KITH_SITE_SECRET environment variable. */
final class KithToken {
    private static final byte[] SECRET =
        Objects.requireNonNull(System.getenv("KITH_SITE_SECRET"), "KITH_SITE_SECRET is not set").getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** A token for the signed-in user (name may be null), valid for 10 minutes. */
    static String sign(String site, String userId, String name) {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"sub\":" + json(userId) + ",\"aud\":" + json(site) + ",\"iat\":" + now + ",\"exp\":" + (now + 600)
            + (name == null ? "" : ",\"name\":" + json(name)) + "}";
        String unsigned = base64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64url(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return unsigned + "." + BASE64URL.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64url(String text) {
        return BASE64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal. */
    private static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }
}
// [/token]

// [endpoint]
/**
 * GET /kith-token with the JDK's HTTP server. currentUser is your own session lookup: the signed-in user as
 * {"id": ..., "name": ...}, or null.
 */
final class KithTokenEndpoint implements HttpHandler {
    private final String site;
    private final Function<HttpExchange, Map<String, String>> currentUser;

    KithTokenEndpoint(String site, Function<HttpExchange, Map<String, String>> currentUser) {
        this.site = site;
        this.currentUser = currentUser;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, String> user = exchange.getRequestMethod().equals("GET") ? currentUser.apply(exchange) : null;
        byte[] body = user == null ? new byte[0] : KithToken.sign(site, user.get("id"), user.get("name")).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(user == null ? 401 : 200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
// [/endpoint]
