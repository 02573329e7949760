"""The inspection report (巡察报告), the leading group's and the secretary's meetings on it, the round briefing, and
the feedback (反馈意见) to the inspected organisation: composed from what the feature apps below it record."""
