# The shield topology the deployment declares (docs/routing.md, "Topology"). When set, platform-api receives it as
# CDN_TOPOLOGY_BOOTSTRAP, stores it at start whenever it differs from the stored version, and refuses
# PUT /v1/topology (409): Terraform is then the one source of the topology, and the next apply is how it changes.

locals {
  topology_document = var.shield_topology == null ? null : jsonencode({
    regions = [for r in var.shield_topology : {
      name    = r.name
      shields = [for s in r.shields : { name = s.name, url = s.url }]
      pops    = r.pops
    }]
  })
  topology_environment = local.topology_document == null ? [] : [
    { name = "CDN_TOPOLOGY_BOOTSTRAP", value = local.topology_document },
  ]
}
