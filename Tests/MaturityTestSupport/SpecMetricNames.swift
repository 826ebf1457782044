/// Every metric name of metrics v1, in the order of the spec's tables (metrics.md sections 1 to 6), written
/// out independently of `MetricCatalog` so that tests can check the catalogue against it.
public let specMetricNames = [
    "response_latency.median_hours", "response_latency.p90_hours", "response_latency.median_working_hours",
    "response_latency.within_one_workday", "response_latency.answered_rate", "response_latency.instant_share",
    "meeting_load.median_hours_per_week", "meeting_load.p90_hours_per_week", "meeting_load.mean_share",
    "meeting_load.overloaded_share", "meeting_load.conflict_hours_per_week", "meeting_load.after_hours_share",
    "meeting_load.large_share", "meeting_load.recurring_share", "meeting_load.status_share",
    "focus_time.median_hours_per_week", "focus_time.share", "focus_time.fragmented_share",
    "focus_time.meeting_free_day_share", "after_hours.message_share", "time_zones.team_overlap_hours",
    "time_zones.coverage_hours", "documentation.task_description_rate", "documentation.task_acceptance_rate",
    "documentation.task_link_rate", "documentation.meeting_agenda_rate", "documentation.meeting_notes_rate",
    "documentation.open_channel_share", "ownership.single_owner_rate", "ownership.unowned_rate",
    "ownership.due_date_rate", "ownership.reassigned_rate", "ownership.stale_rate",
    "ownership.median_hours_to_owner",
]
