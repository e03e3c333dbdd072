variable "name" {
  description = "Deployment name shared with the control plane; prefixes every resource."
  type        = string
  default     = "cdn"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name))
    error_message = "name must be 3 to 20 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "pop" {
  description = "Name of this PoP (edge-runtime --pop), e.g. fra1: lowercase letters and digits, 2 to 12 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,11}$", var.pop))
    error_message = "pop must be 2 to 12 lowercase letters and digits, starting with a letter (e.g. fra1): it goes into node ids and load balancer names."
  }
}

variable "role" {
  description = "edge (serves clients, forwards misses to shield_url) or shield (serves edges, fetches from origins)."
  type        = string
  default     = "edge"

  validation {
    condition     = contains(["edge", "shield"], var.role)
    error_message = "role must be \"edge\" or \"shield\"."
  }
}

variable "shield_url" {
  description = "URL of the shield PoP that edges forward misses to (edge-runtime --shield). Null: edges go to origins directly. Must be null for a shield."
  type        = string
  default     = null

  validation {
    condition     = var.shield_url == null || can(regex("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$", var.shield_url))
    error_message = "shield_url must be an http(s) URL of a host, such as http://shield-nlb.example.com."
  }
  validation {
    condition     = var.role == "edge" || var.shield_url == null
    error_message = "A shield PoP fetches from origins: shield_url must be null when role is \"shield\"."
  }
}

variable "control_plane_url" {
  description = "URL of platform-api that the nodes dial (edge-runtime --control-plane), e.g. the control-plane module's api_url."
  type        = string

  validation {
    condition     = can(regex("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/.*)?$", var.control_plane_url))
    error_message = "control_plane_url must be an http(s) URL such as https://api.cdn.example.com."
  }
}

variable "secrets_recovery_window_days" {
  description = "Days a deleted PoP secret can be restored (0: deleted at once, for throwaway environments)."
  type        = number
  default     = 30

  validation {
    condition     = var.secrets_recovery_window_days == 0 || (var.secrets_recovery_window_days >= 7 && var.secrets_recovery_window_days <= 30)
    error_message = "secrets_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "secrets_kms_key_arn" {
  description = "Customer-managed KMS key the secrets are encrypted with, if any (the nodes get kms:Decrypt on it)."
  type        = string
  default     = null
}

variable "image" {
  description = "Container image of edge-runtime (built with `mvn -Pimages`), with a tag or digest."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._/:-]*[a-z0-9]([:@][A-Za-z0-9._:-]+)$", var.image))
    error_message = "image must be an image reference with a tag or digest, such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/edge-runtime:0.1.0."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------- nodes

variable "instance_type" {
  description = "EC2 instance type. It must have local NVMe instance storage (the disk tier): i4i, i3en, i4g, c6id, m6id, r6id, c7gd, ..."
  type        = string
  default     = "i4i.large"

  validation {
    condition     = can(regex("^(i3|i3en|i4i|i4g|i7ie|i8g|im4gn|is4gen|c5d|c5ad|c6gd|c6id|c7gd|c8gd|m5d|m5ad|m5dn|m6gd|m6id|m6idn|m7gd|m8gd|r5d|r5ad|r5dn|r6gd|r6id|r6idn|r7gd|r8gd|x2idn|x2iedn|z1d)\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must be a family with local NVMe instance storage (the edge's disk tier), e.g. i4i.large, i3en.xlarge, c6id.large or m6id.xlarge."
  }
}

variable "architecture" {
  description = "CPU architecture of instance_type and of the image: x86_64 or arm64 (Graviton: i4g, c7gd, ...)."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be \"x86_64\" or \"arm64\"."
  }
}

variable "ami_id" {
  description = "AMI of the nodes. Null: the Amazon Linux 2023 image SSM names at the first apply, then pinned (a newer image changes nothing until ami_id is set or the pin is replaced: docs/deploy.md#node-images)."
  type        = string
  default     = null

  validation {
    condition     = var.ami_id == null || can(regex("^ami-[0-9a-f]{8,17}$", var.ami_id))
    error_message = "ami_id must look like ami-0123456789abcdef0, or be null."
  }
}

variable "min_size" {
  description = "Minimum number of nodes in the PoP."
  type        = number
  default     = 2

  validation {
    condition     = floor(var.min_size) == var.min_size && var.min_size >= 1 && var.min_size <= 100
    error_message = "min_size must be a whole number between 1 and 100."
  }
}

variable "max_size" {
  description = "Maximum number of nodes in the PoP (CPU autoscaling)."
  type        = number
  default     = 6

  validation {
    condition     = floor(var.max_size) == var.max_size && var.max_size >= var.min_size && var.max_size <= 100
    error_message = "max_size must be a whole number, at least min_size and at most 100."
  }
}

variable "cpu_target_percent" {
  description = "Average CPU the autoscaling group aims for."
  type        = number
  default     = 55

  validation {
    condition     = var.cpu_target_percent >= 10 && var.cpu_target_percent <= 90
    error_message = "cpu_target_percent must be between 10 and 90."
  }
}

variable "disk_cache_percent" {
  description = "Share of the NVMe instance store given to the disk tier (--disk), in percent."
  type        = number
  default     = 85

  validation {
    condition     = var.disk_cache_percent >= 10 && var.disk_cache_percent <= 95
    error_message = "disk_cache_percent must be between 10 and 95."
  }
}

variable "memory_cache_percent" {
  description = "Share of the instance's memory given to the memory tier (--memory), in percent."
  type        = number
  default     = 40

  validation {
    condition     = var.memory_cache_percent >= 5 && var.memory_cache_percent <= 70
    error_message = "memory_cache_percent must be between 5 and 70 (the JVM and the OS need the rest)."
  }
}

# ---------------------------------------------------------------- network

variable "vpc_id" {
  description = "An existing VPC. Null (the default) creates a small VPC with public subnets for this PoP."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null || can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0, or be null to create a new VPC."
  }
}

variable "subnet_ids" {
  description = "With vpc_id: public subnets (at least two AZs) for the nodes and the load balancer."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "subnet_ids must be subnet ids like subnet-0123456789abcdef0."
  }
  validation {
    condition     = var.vpc_id == null || length(var.subnet_ids) >= 2
    error_message = "With an existing vpc_id, give at least two subnet_ids in different AZs."
  }
}

variable "vpc_cidr" {
  description = "CIDR of the new VPC (ignored with vpc_id); /16 to /24."
  type        = string
  default     = "10.50.0.0/20"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && can(regex("^[0-9.]+/(1[6-9]|2[0-4])$", var.vpc_cidr))
    error_message = "vpc_cidr must be a valid IPv4 CIDR block with a prefix length between /16 and /24, such as 10.50.0.0/20."
  }
}

variable "az_count" {
  description = "Availability zones of the new VPC (2 or 3)."
  type        = number
  default     = 3

  validation {
    condition     = contains([2, 3], var.az_count)
    error_message = "az_count must be 2 or 3."
  }
}

variable "traffic_ingress_cidrs" {
  description = "Who may reach the load balancer (80 and 443; it keeps client addresses). Null: everyone for an edge; for a shield nobody besides edge_egress_cidrs. A shield never admits 0.0.0.0/0."
  type        = list(string)
  default     = null

  validation {
    condition     = var.traffic_ingress_cidrs == null || alltrue([for c in coalesce(var.traffic_ingress_cidrs, []) : can(cidrhost(c, 0)) && strcontains(c, "/")])
    error_message = "traffic_ingress_cidrs must be a list of valid CIDR blocks such as 0.0.0.0/0 or 198.51.100.0/24."
  }
  validation {
    condition     = var.role == "edge" || !contains(coalesce(var.traffic_ingress_cidrs, []), "0.0.0.0/0")
    error_message = "A shield serves the edges only: its traffic_ingress_cidrs must not contain 0.0.0.0/0 (give the edges' addresses through edge_egress_cidrs)."
  }
}

variable "edge_egress_cidrs" {
  description = "For a shield: the edge PoPs' egress addresses it admits on 80 and 443, by a name known at plan time (the edge-pop output egress_cidrs of every edge, merged)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for c in values(var.edge_egress_cidrs) : c != "0.0.0.0/0"])
    error_message = "edge_egress_cidrs are the edges' own addresses (/32), never 0.0.0.0/0."
  }
}

variable "admin_ingress_cidrs" {
  description = "Extra CIDRs allowed to the admin port 9000 (/healthz, /readyz, /metrics, /purge) besides the VPC itself (load balancer health checks). Empty by default."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.admin_ingress_cidrs : can(cidrhost(c, 0)) && strcontains(c, "/") && c != "0.0.0.0/0"])
    error_message = "admin_ingress_cidrs must be valid CIDR blocks, and never 0.0.0.0/0: the admin listener is not for the internet."
  }
}

variable "origin_ports" {
  description = "TCP ports the nodes may open outbound (origins, shield, control plane, AWS APIs)."
  type        = list(number)
  default     = [80, 443]

  validation {
    condition     = length(var.origin_ports) > 0 && alltrue([for p in var.origin_ports : p >= 1 && p <= 65535 && floor(p) == p])
    error_message = "origin_ports must be a non-empty list of TCP ports between 1 and 65535."
  }
}

variable "certificate_arn" {
  description = "The exception, for a PoP whose every host name one operator-held ACM certificate covers: the NLB then terminates TLS on 443 with it and forwards to the nodes' TLS-offload listener (8443), and the tenants' own certificates are not served by this PoP. Null (the default): TCP 443 passes to the nodes, which serve each tenant's certificate by SNI."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN, or null."
  }
  validation {
    condition     = var.role == "edge" || var.certificate_arn == null
    error_message = "A shield is reached over fleet TLS ending on its nodes (their certificate names the load balancer): certificate_arn must be null when role is \"shield\"."
  }
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention of the nodes' container logs."
  type        = number
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value such as 7, 14, 30 or 90."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic the PoP's alarms notify (breach and recovery). Null: a topic of the PoP's own (NAME-POP-ROLE-alarms), output as alarm_topic_arn for subscriptions."
  type        = string
  default     = null
}

variable "access_log_retention_days" {
  description = "Days the load balancer's access logs are kept in the PoP's access-log bucket."
  type        = number
  default     = 90

  validation {
    condition     = floor(var.access_log_retention_days) == var.access_log_retention_days && var.access_log_retention_days >= 1
    error_message = "access_log_retention_days must be a whole number of days, at least 1."
  }
}

variable "access_logs_bucket_name" {
  description = "Name of the PoP's access-log bucket. Null: NAME-POP-lb-logs-ACCOUNT."
  type        = string
  default     = null
}

variable "pull_image_from_own_region" {
  description = "Pull an ECR image from this PoP's own region (same account and repository, another region's registry), where ECR replication copies it: a node then boots without reaching another region. Needs a registry replication rule to this region (the example makes one)."
  type        = bool
  default     = false
}
