# Stable egress for edge PoPs: a pool of Elastic IPs, one per node the PoP may grow to (max_size), from which each
# node claims a free address at boot. Shields admit exactly these addresses (their edge_egress_cidrs), so nothing of a
# shield is open to the internet. Chosen over NAT gateways because the nodes already sit in public subnets with
# public addresses: an Elastic IP costs what the auto-assigned public IPv4 address it replaces costs ($0.005/h), where
# a NAT gateway would add $0.045/h per AZ and $0.045 for every GB of origin and shield traffic.

resource "aws_eip" "egress" {
  count = local.is_shield ? 0 : var.max_size

  domain = "vpc"
  tags   = merge(local.tags, { Name = "${local.prefix}-egress-${count.index}", EgressPool = local.prefix })
}
