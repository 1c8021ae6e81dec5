package io.github.crmsync.cli.commands;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.ExitCodes;
import io.github.crmsync.cli.shared.ImportFiles;
import io.github.crmsync.cli.shared.ProgressOptions;
import io.github.crmsync.source.SourceRecordJsonlImport;
import io.github.crmsync.support.ImportResult;
import io.github.crmsync.support.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import-records", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND }, description = {
		"Loads or refreshes source (billing) records from a JSON Lines file.", "One object per line:",
		"  {\"objectType\":\"Invoice\",\"zuoraId\":\"…\",\"parentId\":\"…\"|null,\"accountId\":\"…\"|null,",
		"   \"crmId\":\"…\"|null,\"fields\":{…}}",
		"crmId, the linked Salesforce Account's ID, is 15 or 18 letters and digits starting with 001.",
		"Upserts by (objectType, zuoraId). One invalid line rejects the whole file (exit 2, nothing written)." })
public class ImportRecordsCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--file", required = true, paramLabel = "F.jsonl", description = "The JSON Lines file (UTF-8).")
	Path file;

	@Mixin
	ProgressOptions progress;

	private final Services services;

	ImportRecordsCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() {
		ImportFiles.requireReadable(this.file);
		Progress progress = this.services.get(Progress.class);
		this.progress.apply(progress);
		ImportResult result = this.services.get(SourceRecordJsonlImport.class).importFile(this.file, progress);
		this.spec.commandLine()
			.getOut()
			.printf("Imported %d source records from %s: %d new, %d updated%n", result.rows(), this.file,
					result.inserted(), result.updated());
		return CrmSyncCli.EXIT_OK;
	}

}
