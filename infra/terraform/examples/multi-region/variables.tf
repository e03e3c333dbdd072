variable "name" {
  description = "Deployment name; prefixes every resource."
  type        = string
  default     = "cdn"
}

variable "domain" {
  description = "Domain of the platform: api.DOMAIN, portal.DOMAIN and edge.DOMAIN are created in route53_zone_id."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain))
    error_message = "domain must be a lowercase DNS name such as cdn.example.com."
  }
}

variable "route53_zone_id" {
  description = "Hosted zone of domain."
  type        = string
}

variable "api_image" {
  description = "platform-api image (e.g. in ECR of the control-plane region)."
  type        = string
}

variable "portal_image" {
  description = "portal image."
  type        = string
}

variable "edge_image" {
  description = "edge-runtime image (nodes in every region pull it; ECR in another region works)."
  type        = string
}

variable "control_plane_region" {
  description = "Region of the control plane (API, portal, database)."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$", var.control_plane_region))
    error_message = "control_plane_region must be an AWS region name such as us-east-1."
  }
}

variable "shield" {
  description = "The shield PoP: its name and region (ideally close to most origins)."
  type = object({
    name   = string
    region = string
  })
  default = { name = "cmh1", region = "us-east-2" }

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$", var.shield.region))
    error_message = "shield.region must be an AWS region name such as us-east-2."
  }
}

variable "edge_pops" {
  description = "Exactly three edge PoPs, one per region: name, region and the continent Route 53 geolocation would use."
  type = list(object({
    name      = string
    region    = string
    continent = string
  }))
  default = [
    { name = "iad1", region = "us-east-1", continent = "NA" },
    { name = "fra1", region = "eu-central-1", continent = "EU" },
    { name = "sin1", region = "ap-southeast-1", continent = "AS" },
  ]

  validation {
    condition     = length(var.edge_pops) == 3
    error_message = "edge_pops must list exactly three PoPs: this example wires one provider alias per PoP (see docs/deploy.md to add one)."
  }
  validation {
    condition     = alltrue([for p in var.edge_pops : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$", p.region))])
    error_message = "Every edge PoP region must be an AWS region name such as eu-central-1."
  }
  validation {
    condition     = length(distinct([for p in var.edge_pops : p.region])) == length(var.edge_pops) && length(distinct([for p in var.edge_pops : p.name])) == length(var.edge_pops)
    error_message = "Edge PoPs need distinct names and distinct regions."
  }
}

variable "edge_min_nodes" {
  description = "Minimum nodes per edge PoP."
  type        = number
  default     = 2
}

variable "edge_max_nodes" {
  description = "Maximum nodes per edge PoP."
  type        = number
  default     = 6
}

variable "shield_min_nodes" {
  description = "Minimum nodes of the shield PoP."
  type        = number
  default     = 2
}

variable "edge_instance_type" {
  description = "Instance type of edge and shield nodes (local NVMe required)."
  type        = string
  default     = "i4i.large"
}

variable "db_multi_az" {
  description = "Multi-AZ PostgreSQL."
  type        = bool
  default     = true
}

variable "deletion_protection" {
  description = "Protect the database and load balancer from deletion."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = { Environment = "production" }
}

variable "replicate_edge_image" {
  description = "Replicate the edge image's ECR repository into every PoP region and pull it from there (a node boots without another region). False: nodes pull from edge_image's own registry."
  type        = bool
  default     = true
}

variable "certs_encryption_key_secret_arn" {
  description = "Secrets Manager ARN of the operator key that seals tenants' certificate keys (32 random bytes, base64: openssl rand -base64 32). Null: certificates (uploads and ACME) are off. See docs/certificates.md."
  type        = string
  default     = null
}

variable "acme_directory_url" {
  description = "ACME directory tenants' certificates are ordered from (e.g. https://acme-v02.api.letsencrypt.org/directory). Null: ACME off (uploads only)."
  type        = string
  default     = null
}
