package io.github.crmsync.failures;

import java.util.Arrays;
import java.util.Optional;

import io.github.crmsync.crm.CrmOutcome;

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

	/**
	 * The code of a record the CRM did not take: a known CRM error (it rejected the
	 * record) is DACO-01, anything else DACO-99.
	 * @throws IllegalArgumentException for a success
	 */
	public static ErrorCode of(CrmOutcome outcome) {
		return switch (outcome.status()) {
			case REJECTED -> DACO_01;
			case UNEXPECTED -> DACO_99;
			case SUCCESS -> throw new IllegalArgumentException("A success has no error code: " + outcome);
		};
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
