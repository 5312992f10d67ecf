import pytest

from app.rules.target_groups import TARGET_GROUPS, duties_for, is_known

pytestmark = pytest.mark.engine_independent

ACKNOWLEDGING = {"dagpenge", "kontanthjaelp_jobparat", "uddannelseshjaelp_aabenlyst"}


def test_only_the_three_active_groups_must_confirm_and_acknowledge():
    confirming = {g for g in TARGET_GROUPS if duties_for(g).confirm_job_search}
    acknowledging = {g for g in TARGET_GROUPS if duties_for(g).acknowledge_plan}
    assert confirming == ACKNOWLEDGING
    assert acknowledging == ACKNOWLEDGING


def test_all_thirteen_groups_of_the_domain_are_known():
    assert len(TARGET_GROUPS) == 13
    assert is_known("sygedagpenge")
    assert not is_known("pension")


def test_a_jobcenter_setting_overrides_one_duty_and_keeps_the_other():
    overrides = {"dagpenge": {"confirm_job_search": False}}
    duties = duties_for("dagpenge", overrides)
    assert duties.confirm_job_search is False
    assert duties.acknowledge_plan is True
    assert duties_for("kontanthjaelp_jobparat", overrides).confirm_job_search is True
