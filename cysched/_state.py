"""state_dict / load_state_dict / get_config / from_config for every scheduler."""


def state_dict(sched):
    raise NotImplementedError("state_dict is not implemented yet")


def load_state_dict(sched, state):
    raise NotImplementedError("load_state_dict is not implemented yet")


def get_config(sched):
    raise NotImplementedError("get_config is not implemented yet")


def from_config(cls, config):
    raise NotImplementedError("from_config is not implemented yet")
