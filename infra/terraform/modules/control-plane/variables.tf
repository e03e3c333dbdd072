variable "name" {
  description = "Name of this deployment; prefixes every resource (lowercase letters, digits and hyphens)."
  type        = string
  default     = "cdn"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name))
    error_message = "name must be 3 to 20 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (it prefixes load balancer and database names, which AWS limits)."
  }
}

variable "tags" {
  description = "Tags added to every resource (on top of Project, Component and ManagedBy)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------- network

variable "vpc_id" {
  description = "An existing VPC to deploy into. Null (the default) creates a new VPC from vpc_cidr."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null || can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0, or be null to create a new VPC."
  }
}

variable "public_subnet_ids" {
  description = "With vpc_id: public subnets (at least two, in different AZs) for the load balancer."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "public_subnet_ids must be subnet ids like subnet-0123456789abcdef0."
  }
  validation {
    condition     = var.vpc_id == null || length(var.public_subnet_ids) >= 2
    error_message = "With an existing vpc_id, give at least two public_subnet_ids (an application load balancer needs two AZs)."
  }
}

variable "private_subnet_ids" {
  description = "With vpc_id: private subnets (at least two, with a NAT route) for the containers and the database."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "private_subnet_ids must be subnet ids like subnet-0123456789abcdef0."
  }
  validation {
    condition     = var.vpc_id == null || length(var.private_subnet_ids) >= 2
    error_message = "With an existing vpc_id, give at least two private_subnet_ids (RDS needs a subnet group in two AZs)."
  }
}

variable "vpc_cidr" {
  description = "CIDR of the new VPC (ignored with vpc_id). A /16 to /24; split into one public and one private subnet per AZ."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && can(regex("^[0-9.]+/(1[6-9]|2[0-4])$", var.vpc_cidr))
    error_message = "vpc_cidr must be a valid IPv4 CIDR block with a prefix length between /16 and /24, such as 10.40.0.0/16."
  }
}

variable "az_count" {
  description = "Number of availability zones for the new VPC (2 or 3)."
  type        = number
  default     = 2

  validation {
    condition     = contains([2, 3], var.az_count)
    error_message = "az_count must be 2 or 3."
  }
}

variable "nat_gateway_per_az" {
  description = "One NAT gateway per AZ (resilient to an AZ outage) instead of a single shared one (cheaper)."
  type        = bool
  default     = false
}

variable "allowed_ingress_cidrs" {
  description = "Client CIDRs allowed to reach the load balancer (API, portal and the edges' control channel)."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.allowed_ingress_cidrs) > 0 && alltrue([for c in var.allowed_ingress_cidrs : can(cidrhost(c, 0)) && strcontains(c, "/")])
    error_message = "allowed_ingress_cidrs must be a non-empty list of valid CIDR blocks such as 203.0.113.0/24."
  }
}

# ---------------------------------------------------------------- names and TLS

variable "api_domain" {
  description = "Host name of the API (platform-api), e.g. api.cdn.example.com."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.api_domain))
    error_message = "api_domain must be a lowercase DNS name such as api.cdn.example.com."
  }
}

variable "portal_domain" {
  description = "Host name of the web portal, e.g. portal.cdn.example.com."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.portal_domain))
    error_message = "portal_domain must be a lowercase DNS name such as portal.cdn.example.com."
  }
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone for api_domain and portal_domain: alias records (and certificate validation when certificate_arn is null) go there. Null: manage DNS yourself."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a hosted zone id such as Z0123456789ABCDEFGHIJ."
  }
}

variable "certificate_arn" {
  description = "ACM certificate covering api_domain and portal_domain. Null: one is requested and DNS-validated in route53_zone_id."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)."
  }
  validation {
    condition     = var.certificate_arn != null || var.route53_zone_id != null
    error_message = "The load balancer serves TLS only: give certificate_arn, or route53_zone_id so that a certificate can be requested and validated."
  }
}

variable "lb_idle_timeout" {
  description = "Load balancer idle timeout in seconds. Edges hold /v1/edge/events open (heartbeat every 10 s), so it must be at least 120."
  type        = number
  default     = 300

  validation {
    condition     = var.lb_idle_timeout >= 120 && var.lb_idle_timeout <= 4000
    error_message = "lb_idle_timeout must be between 120 and 4000 seconds: edges keep a long-lived event stream open through the load balancer."
  }
}

# ---------------------------------------------------------------- containers

variable "api_image" {
  description = "Container image of platform-api (e.g. ACCOUNT.dkr.ecr.REGION.amazonaws.com/cdn/platform-api:0.1.0), built with `mvn -Pimages`."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._/:-]*[a-z0-9]([:@][A-Za-z0-9._:-]+)$", var.api_image))
    error_message = "api_image must be an image reference with a tag or digest, such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/platform-api:0.1.0."
  }
}

variable "portal_image" {
  description = "Container image of the portal, built with `mvn -Pimages`."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._/:-]*[a-z0-9]([:@][A-Za-z0-9._:-]+)$", var.portal_image))
    error_message = "portal_image must be an image reference with a tag or digest, such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/portal:0.1.0."
  }
}

variable "api_count" {
  description = "platform-api tasks (minimum; scales on CPU up to api_max_count). Two or more for availability."
  type        = number
  default     = 2

  validation {
    condition     = floor(var.api_count) == var.api_count && var.api_count >= 1 && var.api_count <= 20
    error_message = "api_count must be a whole number between 1 and 20."
  }
}

variable "api_max_count" {
  description = "Upper bound of platform-api tasks for CPU autoscaling."
  type        = number
  default     = 6

  validation {
    condition     = floor(var.api_max_count) == var.api_max_count && var.api_max_count >= var.api_count && var.api_max_count <= 50
    error_message = "api_max_count must be a whole number, at least api_count and at most 50."
  }
}

variable "portal_count" {
  description = "Portal tasks."
  type        = number
  default     = 2

  validation {
    condition     = floor(var.portal_count) == var.portal_count && var.portal_count >= 1 && var.portal_count <= 20
    error_message = "portal_count must be a whole number between 1 and 20."
  }
}

variable "api_cpu" {
  description = "Fargate CPU units per platform-api task (1024 = 1 vCPU)."
  type        = number
  default     = 1024

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.api_cpu)
    error_message = "api_cpu must be one of the Fargate sizes 256, 512, 1024, 2048 or 4096."
  }
}

variable "api_memory" {
  description = "Memory (MiB) per platform-api task; must be valid for api_cpu on Fargate."
  type        = number
  default     = 2048

  validation {
    condition     = var.api_memory >= 512 && var.api_memory <= 30720
    error_message = "api_memory must be between 512 and 30720 MiB."
  }
}

variable "portal_cpu" {
  description = "Fargate CPU units per portal task."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.portal_cpu)
    error_message = "portal_cpu must be one of the Fargate sizes 256, 512, 1024, 2048 or 4096."
  }
}

variable "portal_memory" {
  description = "Memory (MiB) per portal task."
  type        = number
  default     = 1024

  validation {
    condition     = var.portal_memory >= 512 && var.portal_memory <= 30720
    error_message = "portal_memory must be between 512 and 30720 MiB."
  }
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention of the container logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value such as 7, 14, 30, 90 or 365."
  }
}

# ---------------------------------------------------------------- database

variable "db_instance_class" {
  description = "RDS instance class of PostgreSQL."
  type        = string
  default     = "db.t4g.medium"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.db_instance_class))
    error_message = "db_instance_class must be an RDS class such as db.t4g.medium or db.m7g.large."
  }
}

variable "db_engine_version" {
  description = "PostgreSQL major version (RDS picks the newest minor)."
  type        = string
  default     = "17"

  validation {
    condition     = can(regex("^(1[4-9])(\\.[0-9]+)?$", var.db_engine_version))
    error_message = "db_engine_version must be PostgreSQL 14 or newer, such as \"17\" or \"16.4\"."
  }
}

variable "db_allocated_storage" {
  description = "Initial storage (GiB); grows automatically up to db_max_allocated_storage."
  type        = number
  default     = 50

  validation {
    condition     = var.db_allocated_storage >= 20 && var.db_allocated_storage <= 65536
    error_message = "db_allocated_storage must be between 20 and 65536 GiB."
  }
}

variable "db_max_allocated_storage" {
  description = "Ceiling (GiB) of storage autoscaling."
  type        = number
  default     = 500

  validation {
    condition     = var.db_max_allocated_storage >= var.db_allocated_storage && var.db_max_allocated_storage <= 65536
    error_message = "db_max_allocated_storage must be at least db_allocated_storage and at most 65536 GiB."
  }
}

variable "db_multi_az" {
  description = "Run PostgreSQL Multi-AZ (a synchronous standby in another AZ, automatic failover). Doubles the instance cost."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number
  default     = 7

  validation {
    condition     = floor(var.db_backup_retention_days) == var.db_backup_retention_days && var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be a whole number between 1 and 35: backups cannot be turned off."
  }
}

variable "db_kms_key_arn" {
  description = "Customer-managed KMS key for the database and secrets. Null: the AWS-managed keys."
  type        = string
  default     = null

  validation {
    condition     = var.db_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.db_kms_key_arn))
    error_message = "db_kms_key_arn must be a KMS key ARN (arn:aws:kms:...)."
  }
}

variable "deletion_protection" {
  description = "Protect the database and load balancer from deletion (turn off only for throwaway environments)."
  type        = bool
  default     = true
}

variable "db_ca_bundle_path" {
  description = "Path, inside the platform-api image, of the PEM bundle of CAs that sign RDS certificates (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem, added to the image at build time: docs/deploy.md#database-tls). platform-api verifies the database's certificate and name against it (sslmode verify-full)."
  type        = string
  default     = "/etc/cdn/rds-global-bundle.pem"

  validation {
    condition     = startswith(var.db_ca_bundle_path, "/")
    error_message = "db_ca_bundle_path must be an absolute path inside the image."
  }
}

variable "db_skip_final_snapshot" {
  description = "Destroy the database without a final snapshot. Independent of deletion_protection, so lifting protection to destroy still keeps the last snapshot (named NAME-cp-final) unless this is set too."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------- operator token

variable "operator_token_version" {
  description = "Version of the generated operator token: raise it to write a new one (then restart platform-api)."
  type        = number
  default     = 1

  validation {
    condition     = floor(var.operator_token_version) == var.operator_token_version && var.operator_token_version >= 1
    error_message = "operator_token_version must be a whole number from 1."
  }
}

variable "access_log_retention_days" {
  description = "Days the load balancer's access logs are kept."
  type        = number
  default     = 90

  validation {
    condition     = floor(var.access_log_retention_days) == var.access_log_retention_days && var.access_log_retention_days >= 1
    error_message = "access_log_retention_days must be a whole number of days, at least 1."
  }
}

variable "access_logs_bucket_name" {
  description = "Name of the access-log bucket. Null: NAME-cp-lb-logs-ACCOUNT."
  type        = string
  default     = null
}

# ---------------------------------------------------------------- tenants' certificates

variable "certs_encryption_key_secret_arn" {
  description = "Secrets Manager ARN of the operator key that seals tenants' certificate keys (CDN_CERTS_ENCRYPTION_KEY: 32 random bytes in base64, from openssl rand -base64 32; create the secret yourself so that no Terraform run can replace the key). Null: certificates are off (uploads answer 409, no ACME)."
  type        = string
  default     = null

  validation {
    condition     = var.certs_encryption_key_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.certs_encryption_key_secret_arn))
    error_message = "certs_encryption_key_secret_arn must be a Secrets Manager secret ARN, or null."
  }
}

variable "acme_directory_url" {
  description = "ACME directory tenants' certificates are ordered from (CDN_CERTS_ACME_DIRECTORY_URL), e.g. https://acme-v02.api.letsencrypt.org/directory. Null: ACME off. Needs certs_encryption_key_secret_arn."
  type        = string
  default     = null

  validation {
    condition     = var.acme_directory_url == null || can(regex("^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/", var.acme_directory_url))
    error_message = "acme_directory_url must be an https URL of an ACME directory, or null."
  }
}

variable "shield_topology" {
  description = "The shield topology, region by region in failover order: each region's shields (name, base URL) and the edge PoPs whose own region it is. Null leaves the topology to the operator API (PUT /v1/topology); set, it is the only source (the API refuses changes) and is applied when platform-api starts."
  type = list(object({
    name    = string
    shields = list(object({ name = string, url = string }))
    pops    = list(string)
  }))
  default = null

  validation {
    condition     = var.shield_topology == null || alltrue([for r in coalesce(var.shield_topology, []) : can(regex("^[a-z0-9][a-z0-9-]{0,62}$", r.name)) && length(r.shields) > 0])
    error_message = "shield_topology: each region name must be 1-63 lowercase letters, digits or '-', and each region must list at least one shield."
  }
  validation {
    condition     = var.shield_topology == null || alltrue(flatten([for r in coalesce(var.shield_topology, []) : [for s in r.shields : can(regex("^https?://[^/?#@]+", s.url))]]))
    error_message = "shield_topology: each shield url must be an http or https URL with a host."
  }
  validation {
    condition     = var.shield_topology == null || length(flatten([for r in coalesce(var.shield_topology, []) : r.pops])) == length(distinct(flatten([for r in coalesce(var.shield_topology, []) : r.pops])))
    error_message = "shield_topology: a PoP may be listed in one region only."
  }
}
