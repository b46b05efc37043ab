provider "azuread" {
  tenant_id = var.tenant_id
}

provider "keycloak" {
  client_id = "admin-cli"
  url       = "https://keycloak.${var.environment}.coherent.global"
  base_path = "/auth"
}

locals {
  realm_url  = "https://keycloak.${var.environment}.coherent.global/auth/realms/${var.realm}"
  claim_role = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"
  claim_base = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims"
  # Keycloak user attribute <- Entra claim
  imported_attributes = {
    firstName = "givenname"
    lastName  = "surname"
    email     = "emailaddress"
  }
}

# ---- Entra side: the enterprise application Keycloak signs in through ----

module "saml_app" {
  source   = "./modules/entra-saml-app"
  for_each = { "spark-keycloak" = "Coherent Spark (Keycloak)" }

  display_name = each.value
  # Identifier = the Keycloak Redirect URI cut after the realm; Reply URL = the full Redirect URI.
  identifier = local.realm_url
  reply_url  = "${local.realm_url}/broker/${var.broker_alias}/endpoint"
  app_roles  = var.spark_roles
}

resource "azuread_group" "spark" {
  for_each         = { "spark-tenant-admin" = "tenant-admin" }
  display_name     = each.value
  security_enabled = true
}

# Users and groups: the tenant-admin group gets Default Access.
resource "azuread_app_role_assignment" "groups" {
  for_each            = azuread_group.spark
  app_role_id         = "00000000-0000-0000-0000-000000000000"
  principal_object_id = each.value.object_id
  resource_object_id  = module.saml_app["spark-keycloak"].service_principal_object_id
}

# ---- Keycloak side ----

resource "keycloak_realm" "mytenant" {
  realm        = var.realm
  display_name = "Spark Keycloak (uat)"
}

resource "keycloak_group" "spark" {
  for_each = var.spark_roles
  realm_id = keycloak_realm.mytenant.id
  name     = each.key
}

resource "keycloak_saml_identity_provider" "entra" {
  realm        = keycloak_realm.mytenant.id
  alias        = var.broker_alias
  display_name = "Sign in with Microsoft"
  enabled      = true

  single_sign_on_service_url = "https://login.microsoftonline.com/${var.tenant_id}/saml2"
  name_id_policy_format      = "Email"
  principal_type             = "SUBJECT"

  post_binding_response      = true
  post_binding_authn_request = true

  want_authn_requests_signed             = true
  signature_algorithm                    = "RSA_SHA256"
  xml_sign_key_info_key_name_transformer = "KEY_ID"
  want_assertions_signed                 = true
  want_assertions_encrypted              = true
  encryption_algorithm                   = "RSA-OAEP"
  validate_signature                     = true
  signing_certificate                    = file("${path.module}/../../certs/entra-spark-signing.cer")
}

resource "keycloak_attribute_importer_identity_provider_mapper" "attributes" {
  for_each                = local.imported_attributes
  realm                   = keycloak_realm.mytenant.id
  identity_provider_alias = keycloak_saml_identity_provider.entra.alias
  name                    = each.key
  attribute_name          = "${local.claim_base}/${each.value}"
  user_attribute          = each.key
  extra_config = {
    syncMode                = "FORCE"
    "attribute.name.format" = "ATTRIBUTE_FORMAT_BASIC"
  }
}

# "Advanced Claim to Group": the app role claim -> the Spark group of the same name.
resource "keycloak_custom_identity_provider_mapper" "roles" {
  for_each                 = var.spark_roles
  realm                    = keycloak_realm.mytenant.id
  identity_provider_alias  = keycloak_saml_identity_provider.entra.alias
  name                     = each.key
  identity_provider_mapper = "saml-advanced-group-idp-mapper"
  extra_config = {
    syncMode                     = "FORCE"
    claims                       = jsonencode([{ key = local.claim_role, value = each.key }])
    "are.claim.values.regex"     = false
    group                        = keycloak_group.spark[each.key].name
  }
}

# The groups variant: the tenant-admin group's Object ID in the groups attribute.
resource "keycloak_custom_identity_provider_mapper" "tenant_admin_group" {
  realm                    = keycloak_realm.mytenant.id
  identity_provider_alias  = keycloak_saml_identity_provider.entra.alias
  name                     = "tenant-admin (group)"
  identity_provider_mapper = "saml-advanced-group-idp-mapper"
  extra_config = {
    syncMode                 = "FORCE"
    claims                   = jsonencode([{ key = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups", value = azuread_group.spark["spark-tenant-admin"].object_id }])
    "are.claim.values.regex" = false
    group                    = keycloak_group.spark["tenant-admin"].name
  }
}
