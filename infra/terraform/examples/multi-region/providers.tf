# One provider per region: modules take their region from the provider they are given.

provider "aws" {
  region = var.control_plane_region
  default_tags {
    tags = var.tags
  }
}

provider "aws" {
  alias  = "shield"
  region = var.shield.region
  default_tags {
    tags = var.tags
  }
}

provider "aws" {
  alias  = "edge0"
  region = var.edge_pops[0].region
  default_tags {
    tags = var.tags
  }
}

provider "aws" {
  alias  = "edge1"
  region = var.edge_pops[1].region
  default_tags {
    tags = var.tags
  }
}

provider "aws" {
  alias  = "edge2"
  region = var.edge_pops[2].region
  default_tags {
    tags = var.tags
  }
}

# Global Accelerator is managed through us-west-2, whatever the PoPs' regions.
provider "aws" {
  alias  = "global"
  region = "us-west-2"
  default_tags {
    tags = var.tags
  }
}
