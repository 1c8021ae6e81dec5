/**
 * The CRM port: upsert a batch of records of one object type and get one outcome per record. Jobs see only this
 * port; adapters live in sub-packages ({@code sandbox}, later {@code salesforce}).
 */
package io.github.crmsync.crm;
