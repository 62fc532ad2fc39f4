package io.jpmm.zarr;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * An HTTP client that fails requests the way networks and servers do: every {@code every}-th
 * request either loses its connection (an IOException) or gets a 500 from the "server", alternately,
 * until {@code budget} faults have been injected; a request for the same object is failed once at
 * most, so retries get through. The rest go to the real server.
 */
final class FaultyHttpClient implements SdkHttpClient {
    private final SdkHttpClient real = UrlConnectionHttpClient.builder().build();
    private final int every;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private final int budget;
    private final java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FaultyHttpClient(int every, int budget) {
        this.every = every;
        this.budget = budget;
    }

    int faults() {
        return faults.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        int number = requests.incrementAndGet();
        String target = request.httpRequest().method() + " " + request.httpRequest().encodedPath();
        if (number % every != 0 || faults.get() >= budget || (budget != Integer.MAX_VALUE && !failedOnce.add(target))) {
            return real.prepareRequest(request);
        }
        int fault = faults.incrementAndGet();
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (fault % 2 == 0) {
                    throw new IOException("connection reset (injected)");
                }
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(500).statusText("Internal Server Error").build())
                        .responseBody(AbortableInputStream.create(new java.io.ByteArrayInputStream(
                                "<Error><Code>InternalError</Code><Message>injected</Message></Error>".getBytes())))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public String clientName() {
        return "faulty";
    }

    @Override
    public void close() {
        real.close();
    }
}
