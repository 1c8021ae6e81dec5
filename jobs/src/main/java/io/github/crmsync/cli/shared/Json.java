package io.github.crmsync.cli.shared;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON output: indented for people, parsed as easily by {@code jq}; never closes stdout.
 */
public final class Json {

	public static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
		.enable(SerializationFeature.INDENT_OUTPUT)
		.build();

	private Json() {
	}

	public static ObjectWriter writer() {
		return MAPPER.writer();
	}

}
