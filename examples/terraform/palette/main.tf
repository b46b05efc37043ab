# Spectro Cloud Palette signing in with Microsoft Entra ID over OIDC, as Terraform (the setup of
# "Enable SSO with Microsoft Entra ID", Palette docs). The same setup as ../../palette.sso.json;
# Palette's side (teams, claim mapping) and the test users are in sso-lens.terraform.json.
terraform {
  required_providers {
    azuread = {
      source  = "hashicorp/azuread"
      version = "~> 3.0"
    }
  }
}

provider "azuread" {
  tenant_id = var.tenant_id
}

variable "tenant_id" {
  type = string
}

variable "palette_org" {
  description = "Palette organisation (tenant) name in the callback URL"
  type        = string
  default     = "spectrocloud500"
}

variable "k8s_dashboard_fqdn" {
  type    = string
  default = "k8s-dashboard.example.com"
}

locals {
  palette_auth = "https://console.spectrocloud.com/v1/auth/org/${var.palette_org}/oidc"
  # "Create four (4) new Security Groups"
  groups = toset(["palette_tenant_admins", "palette_default_project_admins", "k8s_cluster_admins", "k8s_cluster-editor"])
}

resource "azuread_group" "palette" {
  for_each         = local.groups
  display_name     = each.key
  security_enabled = true
}

resource "azuread_application" "palette" {
  display_name = "palette_oidc"

  web {
    # Palette Callback URL, plus the optional ones of the guide's table.
    redirect_uris = [
      "${local.palette_auth}/callback",
      "http://localhost:8000",
      "https://console.spectrocloud.com/v1/shelly/oidc/callback",
      "https://${var.k8s_dashboard_fqdn}/oauth/callback",
    ]
    logout_url = "${local.palette_auth}/logout"
  }

  # Add groups claim -> Security groups, Group ID for ID, Access and SAML.
  group_membership_claims = ["SecurityGroup"]

  optional_claims {
    id_token {
      name = "email"
    }
    id_token {
      name = "preferred_username"
    }
    id_token {
      name = "groups"
    }
    access_token {
      name = "groups"
    }
    saml2_token {
      name = "groups"
    }
  }
}

resource "azuread_service_principal" "palette" {
  client_id = azuread_application.palette.client_id
}

# Certificates & secrets -> New client secret (six months in the guide).
resource "azuread_application_password" "palette" {
  application_id = azuread_application.palette.id
  display_name   = "palette"
  end_date       = "2026-12-31T00:00:00Z"
}
