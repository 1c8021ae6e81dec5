package io.github.crmsync.crm.salesforce;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the benchmark's Salesforce server allows on this machine (bench/run.sh):
 * {@code CALLS} upserts of 200 records each, shaped as the job sends them, from a client
 * that does nothing else, {@code IN_FLIGHT} at a time. Prints the records per second on
 * one line: the most the job could reach against that server here.
 * <p>
 * Run with the test classpath: {@code BenchSalesforceBound URL CALLS IN_FLIGHT}.
 */
public final class BenchSalesforceBound {

	private BenchSalesforceBound() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		int calls = Integer.parseInt(args[1]);
		int inFlight = Integer.parseInt(args[2]);
		StringBuilder body = new StringBuilder("{\"allOrNone\":false,\"records\":[");
		for (int i = 0; i < 200; i++) {
			body.append((i > 0) ? "," : "")
				.append("{\"attributes\":{\"type\":\"Zuora__InvoiceItem__c\"},\"Zuora__External_Id__c\":\"INV")
				.append(100000 + i)
				.append("-II7\",\"Name\":\"Item 7\",\"Zuora__Amount__c\":70,")
				.append("\"Zuora__Invoice__r\":{\"Zuora__External_Id__c\":\"INV")
				.append(100000 + i)
				.append("\"}}");
		}
		byte[] request = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		URI upsert = URI
			.create(url + "/services/data/v62.0/composite/sobjects/Zuora__InvoiceItem__c/Zuora__External_Id__c");
		ExecutorService workers = Executors.newFixedThreadPool(inFlight);
		AtomicInteger left = new AtomicInteger(calls);
		Runnable worker = () -> {
			while (left.getAndDecrement() > 0) {
				try {
					int status = http
						.send(HttpRequest.newBuilder(upsert)
							.header("Authorization", "Bearer bench")
							.header("Content-Type", "application/json")
							.method("PATCH", BodyPublishers.ofByteArray(request))
							.build(), BodyHandlers.ofByteArray())
						.statusCode();
					if (status != 200) {
						throw new IllegalStateException("HTTP " + status);
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		};
		left.set(20);
		worker.run();
		left.set(calls);
		long start = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		for (int i = 0; i < inFlight; i++) {
			running.add(workers.submit(worker));
		}
		for (Future<?> future : running) {
			future.get();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		workers.shutdown();
		System.out.printf("%d %.3f%n", Math.round(calls * 200 / seconds), seconds);
	}

}
