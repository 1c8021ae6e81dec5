package io.github.crmsync.failures;

import java.util.Arrays;
import java.util.Optional;

/**
 * The connector's error codes.
 */
public enum ErrorCode {

	/** Salesforce rejected the record. */
	DACO_01("DACO-01", "Known SFDC Exception"),

	/**
	 * The record's billing account is not linked to a CRM account: only a person can fix
	 * it.
	 */
	DACO_02("DACO-02", "Missing CRM ID"),

	/** Anything unclassified. */
	DACO_99("DACO-99", "Unknown Exception");

	private final String code;

	private final String description;

	ErrorCode(String code, String description) {
		this.code = code;
		this.description = description;
	}

	public String code() {
		return this.code;
	}

	public String description() {
		return this.description;
	}

	public static Optional<ErrorCode> fromCode(String code) {
		return Arrays.stream(values()).filter((value) -> value.code.equals(code)).findFirst();
	}

	public static String validCodes() {
		return String.join(", ", Arrays.stream(values()).map(ErrorCode::code).toList());
	}

	@Override
	public String toString() {
		return this.code;
	}

}
