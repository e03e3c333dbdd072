variable "name" {
  description = "Deployment name; prefixes every resource."
  type        = string
  default     = "cdn"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name))
    error_message = "name must be 3 to 20 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "pops" {
  description = <<-EOT
    The edge PoPs clients are routed to, by PoP name (shield PoPs do not belong here). Most fields are edge-pop
    outputs: region, nlb_arn, nlb_dns_name, nlb_zone_id, health_alarm_name. For dns_policy = "geolocation", give
    each PoP a continent (AF, AN, AS, EU, NA, OC, SA) or a country (ISO 3166 alpha-2). traffic_dial (0-100)
    drains a PoP in Global Accelerator.
  EOT
  type = map(object({
    region            = string
    nlb_arn           = string
    nlb_dns_name      = string
    nlb_zone_id       = string
    health_alarm_name = string
    continent         = optional(string)
    country           = optional(string)
    traffic_dial      = optional(number, 100)
  }))

  validation {
    condition     = length(var.pops) >= 1
    error_message = "pops must name at least one edge PoP."
  }
  validation {
    condition     = alltrue([for k in keys(var.pops) : can(regex("^[a-z][a-z0-9]{1,11}$", k))])
    error_message = "pops keys are PoP names: 2 to 12 lowercase letters and digits, starting with a letter."
  }
  validation {
    condition     = alltrue([for p in values(var.pops) : can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", p.region))])
    error_message = "Every PoP region must be an AWS region name such as eu-central-1 or us-east-2."
  }
  validation {
    condition     = length(distinct([for p in values(var.pops) : p.region])) == length(var.pops)
    error_message = "Each PoP must be in a different region (Global Accelerator has one endpoint group per region); put more nodes into a PoP instead."
  }
  validation {
    condition     = alltrue([for p in values(var.pops) : can(regex("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/net/", p.nlb_arn))])
    error_message = "Every nlb_arn must be a network load balancer ARN (the edge-pop output nlb_arn)."
  }
  validation {
    condition     = alltrue([for p in values(var.pops) : p.traffic_dial >= 0 && p.traffic_dial <= 100])
    error_message = "traffic_dial must be between 0 and 100."
  }
  validation {
    condition     = alltrue([for p in values(var.pops) : p.continent == null || contains(["AF", "AN", "AS", "EU", "NA", "OC", "SA"], coalesce(p.continent, "-"))])
    error_message = "continent must be one of AF, AN, AS, EU, NA, OC, SA."
  }
}

variable "enable_accelerator" {
  description = "Create a Global Accelerator: two static anycast IPv4 addresses in front of every PoP. The provider must be in us-west-2."
  type        = bool
  default     = true
}

variable "listener_ports" {
  description = "TCP ports the accelerator listens on: 80 and 443 (the PoPs pass TLS to their nodes, which serve tenants' certificates)."
  type        = list(number)
  default     = [80, 443]

  validation {
    condition     = length(var.listener_ports) > 0 && alltrue([for p in var.listener_ports : contains([80, 443], p)])
    error_message = "listener_ports may contain 80 and 443 only: those are the ports the PoPs' load balancers serve."
  }
}

variable "dns_policy" {
  description = "Route 53 records across the PoPs: latency (nearest region by measured latency), geolocation (by client location), or none."
  type        = string
  default     = "latency"

  validation {
    condition     = contains(["latency", "geolocation", "none"], var.dns_policy)
    error_message = "dns_policy must be \"latency\", \"geolocation\" or \"none\"."
  }
  validation {
    condition     = var.dns_policy != "geolocation" || alltrue([for p in values(var.pops) : p.continent != null || p.country != null])
    error_message = "With dns_policy = \"geolocation\" every PoP needs a continent or a country."
  }
  validation {
    condition     = var.enable_accelerator || var.dns_policy != "none"
    error_message = "Nothing would route clients: enable the accelerator or choose a dns_policy."
  }
}

variable "default_pop" {
  description = "With dns_policy = geolocation: the PoP serving clients whose location matches no record."
  type        = string
  default     = null

  validation {
    condition     = var.dns_policy != "geolocation" || (var.default_pop != null && contains(keys(var.pops), coalesce(var.default_pop, "-")))
    error_message = "With dns_policy = \"geolocation\", default_pop must be one of the keys of pops."
  }
}

variable "route53_zone_id" {
  description = "Hosted zone of record_name (and accelerator_record_name)."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a hosted zone id such as Z0123456789ABCDEFGHIJ."
  }
  validation {
    condition     = var.dns_policy == "none" || var.route53_zone_id != null
    error_message = "A dns_policy other than \"none\" needs route53_zone_id."
  }
}

variable "record_name" {
  description = "DNS name of the latency or geolocation records, e.g. edge.cdn.example.com (tenants CNAME their domains to it)."
  type        = string
  default     = null

  validation {
    condition     = var.record_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", coalesce(var.record_name, "-")))
    error_message = "record_name must be a lowercase DNS name such as edge.cdn.example.com."
  }
  validation {
    condition     = var.dns_policy == "none" || var.record_name != null
    error_message = "A dns_policy other than \"none\" needs record_name."
  }
}

variable "accelerator_record_name" {
  description = "Optional DNS name aliased to the accelerator (e.g. anycast.cdn.example.com), in route53_zone_id."
  type        = string
  default     = null

  validation {
    condition     = var.accelerator_record_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", coalesce(var.accelerator_record_name, "-")))
    error_message = "accelerator_record_name must be a lowercase DNS name such as anycast.cdn.example.com."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
