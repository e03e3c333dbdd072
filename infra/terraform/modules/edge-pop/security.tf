# Nodes: HTTP traffic from traffic_ingress_cidrs (the NLB keeps client addresses, so rules see real clients),
# the admin port only from inside the VPC (NLB health checks) and admin_ingress_cidrs, and outbound only on
# origin_ports. SSH is closed: operators use SSM Session Manager.

resource "aws_security_group" "node" {
  name        = "${local.prefix}-node"
  description = "edge-runtime nodes of PoP ${var.pop} (${var.role})"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = "${local.prefix}-node" })
}

resource "aws_vpc_security_group_ingress_rule" "traffic" {
  for_each = toset(var.traffic_ingress_cidrs)

  security_group_id = aws_security_group.node.id
  description       = "HTTP traffic through the load balancer"
  ip_protocol       = "tcp"
  from_port         = local.traffic_port
  to_port           = local.traffic_port
  cidr_ipv4         = each.value
  tags              = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "tls_offload" {
  for_each = local.with_tls ? toset(var.traffic_ingress_cidrs) : toset([])

  security_group_id = aws_security_group.node.id
  description       = "HTTPS traffic, its TLS terminated by the load balancer"
  ip_protocol       = "tcp"
  from_port         = local.tls_offload_port
  to_port           = local.tls_offload_port
  cidr_ipv4         = each.value
  tags              = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "admin" {
  for_each = toset(concat([local.vpc_cidr], var.admin_ingress_cidrs))

  security_group_id = aws_security_group.node.id
  description       = "Admin listener (/readyz for load balancer health checks)"
  ip_protocol       = "tcp"
  from_port         = local.admin_port
  to_port           = local.admin_port
  cidr_ipv4         = each.value
  tags              = local.tags
}

resource "aws_vpc_security_group_egress_rule" "out" {
  for_each = toset([for p in var.origin_ports : tostring(p)])

  security_group_id = aws_security_group.node.id
  description       = "Origins, shield, control plane and AWS APIs"
  ip_protocol       = "tcp"
  from_port         = tonumber(each.value)
  to_port           = tonumber(each.value)
  cidr_ipv4         = "0.0.0.0/0"
  tags              = local.tags
}
