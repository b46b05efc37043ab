/**
 * The Spark and Palette setups written as Terraform (examples/terraform/) give the same findings and the same
 * persona table as their `*.sso.json` twins, and each finding sits on the `.tf` line of the attribute it
 * concerns. Mutations are the slips a user makes in the `.tf` files.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { personaTable } from '../../../../src/model/mapping';
import { checkTerraform, type TerraformCheck, type TerraformFinding } from '../../../../src/model/terraform/check-terraform';
import { validateConfigText } from '../../../../src/model/validate-config';
import { nodeTfFileSystem } from '../../../../src/platform/terraform-files';
import { personaOutcome } from '../../../../src/present/present-personas';

const root = join(__dirname, '..', '..', '..', '..', '..').split('\\').join('/');
const now = new Date('2026-06-01T00:00:00Z');
const spark = `${root}/examples/terraform/spark`;
const palette = `${root}/examples/terraform/palette`;

function jsonCheck(name: string): ReturnType<typeof validateConfigText> {
  const dir = join(root, 'examples');
  return validateConfigText(readFileSync(join(dir, name), 'utf8'), { now, readFile: (rel) => readFileSync(join(dir, rel)) });
}

/** Terraform check with some files replaced (a user's edit). */
function tf(dir: string, edits: Record<string, (text: string) => string> = {}): Promise<TerraformCheck> {
  const overrides = new Map<string, string>();
  for (const [file, edit] of Object.entries(edits)) {
    const path = `${dir}/${file}`;
    overrides.set(path, edit(nodeTfFileSystem.readText(path) ?? ''));
  }
  return checkTerraform(dir, nodeTfFileSystem, { now, overrides });
}

const idsOf = (findings: Array<{ id: string; severity: string }>): string[] => findings.map((f) => `${f.id}:${f.severity}`).sort();

/** The line (1-based) and its text where a finding is placed. */
function lineOf(check: TerraformCheck, f: TerraformFinding): { file: string; line: number; text: string } {
  const text = check.files.get(f.file) ?? '';
  const line = text.slice(0, f.range.offset).split('\n').length;
  return { file: f.file.slice(check.dir.length + 1), line, text: text.split('\n')[line - 1]?.trim() ?? '' };
}

function personas(index: Parameters<typeof personaTable>[0], appId: string): string[] {
  return personaTable(index, appId).rows.map((r) => `${r.userId} ${r.signIn}: ${personaOutcome(r)} | ${idsOf(r.mapping.findings).join(', ')}`);
}

test('the Spark setup as Terraform gets the same findings and persona table as spark-keycloak.sso.json', async () => {
  const json = jsonCheck('spark-keycloak.sso.json');
  const check = await tf(spark);
  assert.deepEqual(idsOf(check.findings), idsOf(json.findings));
  assert.ok(json.index && check.index);
  assert.deepEqual(personas(check.index, 'spark-keycloak'), personas(json.index, 'spark-keycloak'));
  assert.ok(personas(check.index, 'spark-keycloak').some((r) => r.startsWith('test-account') && r.includes('tenant-admin')));
});

test('the Palette setup as Terraform gets the same findings and persona table as palette.sso.json', async () => {
  const json = jsonCheck('palette.sso.json');
  const check = await tf(palette);
  assert.deepEqual(idsOf(check.findings), idsOf(json.findings));
  assert.ok(json.index && check.index);
  assert.deepEqual(personas(check.index, 'palette'), personas(json.index, 'palette'));
});

test('findings sit on the .tf line of the attribute, or the sidecar line of what the sidecar adds', async () => {
  const p = await tf(palette);
  const overage = p.findings.find((f) => f.id === 'config.groups-overage-risk');
  assert.ok(overage);
  assert.deepEqual(lineOf(p, overage), { file: 'main.tf', line: 59, text: 'group_membership_claims = ["SecurityGroup"]' });
  const firstName = p.findings.find((f) => f.id === 'config.claim-not-emitted');
  assert.ok(firstName);
  assert.equal(lineOf(p, firstName).file, 'sso-lens.terraform.json');
  assert.match(lineOf(p, firstName).text, /"claimMapping"/);

  const s = await tf(spark);
  const validating = s.findings.find((f) => f.path === '/providers/1/identityProviders/0/saml/signingCertificates/0');
  assert.ok(validating);
  assert.match(lineOf(s, validating).text, /^signing_certificate\s+= file\(/);
});

test('Spark: a mapper reading …/claims/firstname instead of givenname is flagged on its attribute_name line', async () => {
  const check = await tf(spark, { 'main.tf': (t) => t.replace('firstName = "givenname"', 'firstName = "firstname"') });
  const f = check.findings.find((x) => x.id === 'config.attribute-not-sent');
  assert.ok(f, 'config.attribute-not-sent expected');
  assert.equal(f.path, '/providers/1/identityProviders/0/mappers/1/attributeName');
  const at = lineOf(check, f);
  assert.equal(at.file, 'main.tf');
  assert.match(at.text, /^attribute_name\s+= "\$\{local\.claim_base\}\/\$\{each\.value\}"/);
});

test('Spark: a reply URL typed with another alias than the broker is flagged in the child module, where redirect_uris is written', async () => {
  const check = await tf(spark, { 'main.tf': (t) => t.replace('/broker/${var.broker_alias}/endpoint', '/broker/entra/endpoint') });
  const f = check.findings.find((x) => x.id === 'config.keycloak-broker-mismatch');
  assert.ok(f, 'config.keycloak-broker-mismatch expected');
  assert.deepEqual(lineOf(check, f), { file: 'modules/entra-saml-app/main.tf', line: 25, text: 'redirect_uris = [var.reply_url]' });
});

test('Spark: the variable given in terraform.tfvars flows through locals and a for_each module into the model', async () => {
  const check = await tf(spark, { 'terraform.tfvars': (t) => `${t}environment = "prod"\n` });
  const app = check.config.providers[0]?.apps?.[0];
  assert.equal(app?.protocol, 'saml');
  assert.deepEqual(app?.protocol === 'saml' ? app.identifiers : [], ['https://keycloak.prod.coherent.global/auth/realms/mytenant']);
  assert.equal(check.config.providers[1]?.type === 'keycloak' ? check.config.providers[1].baseUrl : '', 'https://keycloak.prod.coherent.global/auth');
});

test('an unset variable is shown as unknown, on its line, and no rule judges the placeholder', async () => {
  const check = await tf(spark, { 'terraform.tfvars': () => '' });
  const u = check.findings.find((f) => f.id === 'terraform.unknown-value');
  assert.ok(u);
  assert.match(u.message, /var\.tenant_id has no default/);
  assert.deepEqual(lineOf(check, u), { file: 'main.tf', line: 2, text: 'tenant_id = var.tenant_id' });
  assert.equal(check.findings.filter((f) => f.id === 'config.malformed-guid' || f.id === 'config.metadata-mismatch').length, 0);
});

test('an object ID known only after apply stays unknown unless the sidecar pins it', async () => {
  const check = await tf(palette, { 'sso-lens.terraform.json': (t) => t.replace(/"azuread_group\.palette\[\\"k8s_cluster_admins\\"\]\.object_id": "[^"]+",/, '') });
  const group = check.config.providers[0]?.groups?.find((g) => g.id === 'k8s_cluster_admins');
  assert.ok(group);
  assert.equal(group.objectId, undefined);
  const u = check.findings.find((f) => f.id === 'terraform.unknown-value' && f.path.endsWith('/objectId'));
  assert.ok(u);
  assert.match(u.message, /azuread_group\.palette\["k8s_cluster_admins"\]\.object_id/);
  assert.equal(lineOf(check, u).text, 'resource "azuread_group" "palette" {');
});

test('an HCL syntax error is a terraform.parse-error on its line', async () => {
  const check = await tf(palette, { 'main.tf': (t) => t.replace('display_name = "palette_oidc"', 'display_name = "palette_oidc') });
  const f = check.findings.find((x) => x.id === 'terraform.parse-error');
  assert.ok(f);
  assert.equal(lineOf(check, f).file, 'main.tf');
  assert.ok(lineOf(check, f).line >= 45);
});

test('a sidecar app id that matches nothing in the module is reported there', async () => {
  const check = await tf(palette, { 'sso-lens.terraform.json': (t) => t.replace('"id": "palette"', '"id": "palete"') });
  const f = check.findings.find((x) => x.id === 'terraform.sidecar-unmatched');
  assert.ok(f);
  assert.equal(lineOf(check, f).file, 'sso-lens.terraform.json');
});

test('Palette: an azuread_claims_mapping_policy assigned to the service principal is simulated, and its missing signing key is flagged on the definition', async () => {
  const policy = `
resource "azuread_claims_mapping_policy" "joined" {
  display_name = "Joined data"
  definition = [
    jsonencode({
      ClaimsMappingPolicy = {
        Version              = 1
        IncludeBasicClaimSet = "true"
        ClaimsSchema = [
          { Source = "user", ID = "mail" },
          { Source = "Transformation", ID = "DataJoin", TransformationId = "JoinTheData", JwtClaimType = "JoinedData" },
        ]
        ClaimsTransformations = [{
          ID                   = "JoinTheData"
          TransformationMethod = "Join"
          InputClaims          = [{ ClaimTypeReferenceId = "mail", TransformationClaimType = "string1" }]
          InputParameters      = [{ ID = "string2", Value = "sandbox" }, { ID = "separator", Value = "." }]
          OutputClaims         = [{ ClaimTypeReferenceId = "DataJoin", TransformationClaimType = "outputClaim" }]
        }]
      }
    })
  ]
}

resource "azuread_service_principal_claims_mapping_policy_assignment" "palette" {
  claims_mapping_policy_id = azuread_claims_mapping_policy.joined.id
  service_principal_id     = azuread_service_principal.palette.id
}
`;
  const check = await tf(palette, { 'main.tf': (t) => t + policy });
  const f = check.findings.find((x) => x.id === 'config.claims-policy-needs-signing-key');
  assert.ok(f, 'AADSTS50146 predicted');
  assert.match(lineOf(check, f).text, /^definition = \[/);
  assert.ok(check.index);
  const external = personaTable(check.index, 'palette').rows.find((r) => r.userId === 'external');
  assert.deepEqual(external?.claims['JoinedData'], ['jane.doe@example.com.sandbox']);
});
