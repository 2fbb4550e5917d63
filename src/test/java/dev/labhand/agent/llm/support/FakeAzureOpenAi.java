package dev.labhand.agent.llm.support;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import java.net.MalformedURLException;
import java.net.URL;

/**
 * A loopback Azure OpenAI: the same chat completions as {@link FakeOpenAi}, at Azure's path
 * {@code /openai/deployments/<deployment>/chat/completions}. The Azure SDK refuses key credentials over
 * plain http, so the client is given {@link #rewritingClient()}: it talks to {@code https://localhost:P}
 * and this client sends each request to {@code http://127.0.0.1:P} instead, after the SDK's checks.
 */
public final class FakeAzureOpenAi extends FakeOpenAi {

    public static FakeAzureOpenAi startAzure() {
        return new FakeAzureOpenAi();
    }

    @Override
    public String baseUrl() {
        return "https://localhost:" + port();
    }

    @Override
    protected String path() {
        return "/openai/deployments/" + MODEL + "/chat/completions";
    }

    /** The Azure SDK's default HTTP client, pointed at the loopback fake over plain http. */
    public HttpClient rewritingClient() {
        HttpClient real = HttpClient.createDefault();
        int port = port();
        return new HttpClient() {
            @Override
            public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> send(HttpRequest request) {
                return real.send(rewrite(request, port));
            }

            @Override
            public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> send(HttpRequest request,
                    com.azure.core.util.Context context) {
                return real.send(rewrite(request, port), context);
            }
        };
    }

    private static HttpRequest rewrite(HttpRequest request, int port) {
        URL url = request.getUrl();
        try {
            request.setUrl(new URL("http", "127.0.0.1", port, url.getFile()));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return request;
    }
}
