"""What the inspection API's schemas share."""

from typing import Annotated

from ninja import Field

# a code of what a case, a violation or a denunciation is about (MemberContent / OrganizationContent)
ContentCode = Annotated[str, Field(max_length=32)]
