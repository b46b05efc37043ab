# Coherent Spark behind Keycloak, brokering Microsoft Entra ID over SAML 2.0, as Terraform
# (the setup of "MS Entra ID (SAML v2.0)", Coherent Spark docs). The same setup as
# ../../spark-keycloak.sso.json; what Terraform cannot manage is in sso-lens.terraform.json.
terraform {
  required_providers {
    azuread = {
      source  = "hashicorp/azuread"
      version = "~> 3.0"
    }
    keycloak = {
      source  = "keycloak/keycloak"
      version = "~> 5.0"
    }
  }
}
