variable "tenant_id" {
  description = "Directory (tenant) ID of the Entra tenant"
  type        = string
}

variable "environment" {
  description = "Spark environment: keycloak.{environment}.coherent.global"
  type        = string
  default     = "uat"
}

variable "realm" {
  description = "The Spark tenant = the Keycloak realm"
  type        = string
  default     = "mytenant"
}

variable "broker_alias" {
  description = "Alias of the Entra identity provider in Keycloak (lowercase, no special symbols)"
  type        = string
  default     = "entra-id"
}

# Spark user groups; each is an Entra app role and a Keycloak group of the same name.
variable "spark_roles" {
  type = map(object({ id = string, description = string }))
  default = {
    "tenant-admin"  = { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", description = "Spark tenant administrators" }
    "supervisor:pf" = { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e", description = "Manage permissions across all folders" }
    "user:teamA"    = { id = "2c3d4e5f-6a7b-4c8d-ae9f-1a2b3c4d5e6f", description = "" }
    "user:teamB"    = { id = "3d4e5f6a-7b8c-4d9e-bfa0-2b3c4d5e6f7a", description = "" }
  }
}
