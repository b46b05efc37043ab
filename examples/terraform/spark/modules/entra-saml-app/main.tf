# An Entra enterprise application for SAML single sign-on: app registration + service principal.
variable "display_name" {
  type = string
}

variable "identifier" {
  type = string
}

variable "reply_url" {
  type = string
}

variable "app_roles" {
  type = map(object({ id = string, description = string }))
}

resource "azuread_application" "this" {
  display_name    = var.display_name
  identifier_uris = [var.identifier]
  # Groups variant: "Groups assigned to the application", Group ID in SAML.
  group_membership_claims = ["ApplicationGroup"]

  web {
    redirect_uris = [var.reply_url]
  }

  dynamic "app_role" {
    for_each = var.app_roles
    content {
      allowed_member_types = ["User"]
      display_name         = app_role.key
      value                = app_role.key
      description          = app_role.value.description
      enabled              = true
      id                   = app_role.value.id
    }
  }

  optional_claims {
    saml2_token {
      name = "groups"
    }
  }

  feature_tags {
    enterprise            = true
    custom_single_sign_on = true
  }
}

resource "azuread_service_principal" "this" {
  client_id                     = azuread_application.this.client_id
  app_role_assignment_required  = true
  preferred_single_sign_on_mode = "saml"
}

output "client_id" {
  value = azuread_application.this.client_id
}

output "service_principal_object_id" {
  value = azuread_service_principal.this.object_id
}
