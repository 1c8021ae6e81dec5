package io.github.crmsync.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The version from the jar's manifest.
 */
class VersionProvider implements IVersionProvider {

	@Override
	public String[] getVersion() {
		String version = VersionProvider.class.getPackage().getImplementationVersion();
		return new String[] { "crm-sync-jobs " + ((version != null) ? version : "(development build)") };
	}

}
