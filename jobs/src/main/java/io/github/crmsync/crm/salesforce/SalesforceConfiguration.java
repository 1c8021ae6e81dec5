package io.github.crmsync.crm.salesforce;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.catalog.ObjectCatalog;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.support.DaemonThreads;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

/**
 * {@code crm.target=salesforce}: checks the settings and the field mapping at start-up (a
 * missing setting stops the application with a message naming it and its environment
 * variable) and makes the CRM port a {@link SalesforceCrm} over Spring's
 * {@link RestClient} on the JDK's HTTP client.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "crm.target", havingValue = "salesforce")
@EnableConfigurationProperties(SalesforceSettings.class)
class SalesforceConfiguration {

	@Bean
	CrmPort salesforceCrm(SalesforceSettings salesforceSettings, ObjectProvider<CatalogRepository> catalogRepository,
			ObjectMapper objectMapper) {
		SalesforceSettings settings = salesforceSettings.check();
		FieldMapping mapping = FieldMapping.load(settings.mappingFile());
		return new SalesforceCrm(restClient(settings), settings, mapping, checkedCatalog(catalogRepository, mapping),
				objectMapper);
	}

	/**
	 * One HTTP/1.1 connection per request in flight; redirects are not followed (a token
	 * must not travel). Bodies are bytes: the adapter reads and writes JSON itself, so
	 * that a malformed answer is an outcome, not an exception. The client and the writing
	 * of request bodies share one pool of daemon threads (by default Spring would start a
	 * new thread to write each request's body).
	 */
	static RestClient restClient(SalesforceSettings settings) {
		ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("salesforce-http-"));
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(executor)
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http, executor);
		requestFactory.setReadTimeout(settings.readTimeout());
		return RestClient.builder()
			.requestFactory(requestFactory)
			.messageConverters(List.of(new ByteArrayHttpMessageConverter()))
			.build();
	}

	/**
	 * The catalog, read once when first needed, with the mapping's type names checked
	 * against it.
	 */
	private static Supplier<ObjectCatalog> checkedCatalog(ObjectProvider<CatalogRepository> catalogRepository,
			FieldMapping mapping) {
		return SingletonSupplier.of(() -> {
			ObjectCatalog loaded = catalogRepository.getObject().load();
			mapping.checkTypes(loaded.names());
			return loaded;
		});
	}

}
