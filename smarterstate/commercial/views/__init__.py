"""Commercial pillar pages. One module per page family; authorization by smarterstate.authz.

OCDS data is public: process, supplier, buyer and import pages need only a
signed-in user (Level.AUTHENTICATED). Organisation dashboards, contract
registers and crunch points are organisation pages (organisation_view READ);
reviews and notes belong to the organisation that writes them and need WRITE
on the buying organisation.
"""
