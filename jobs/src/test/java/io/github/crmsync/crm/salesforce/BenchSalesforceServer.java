package io.github.crmsync.crm.salesforce;

/**
 * The benchmark's Salesforce (bench/run.sh): the tests' WireMock org, answering every
 * upsert with one result per record after a fixed latency. It shares the machine with the
 * job, so it spends as little as it can: no request journal (the tests' org keeps every
 * request), and delayed answers wait on a timer, not on a thread each. Run with the test
 * classpath: {@code BenchSalesforceServer LATENCY_MS}; it prints its URL on the first
 * line of stdout and serves until killed.
 */
public final class BenchSalesforceServer {

	private BenchSalesforceServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		int latency = (args.length > 0) ? Integer.parseInt(args[0]) : 50;
		SalesforceOrg org = SalesforceOrg.start((options) -> options.disableRequestJournal()
			.asynchronousResponseEnabled(true)
			.asynchronousResponseThreads(4));
		org.grantsTokens();
		org.server.stubFor(SalesforceOrg.upsert().willReturn(SalesforceOrg.results().withFixedDelay(latency)));
		System.out.println(org.url());
		System.out.flush();
		Thread.currentThread().join();
	}

}
