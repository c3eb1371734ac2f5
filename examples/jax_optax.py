"""Train a small JAX model with optax and a cysched schedule, inside jax.jit.

    pip install 'cysched[jax]'        # jax and optax
    python examples/jax_optax.py
"""
from typing import Dict, Tuple, cast

import jax
import jax.numpy as jnp
import optax

import cysched.jax
from cysched import lr_scheduler

schedule = lr_scheduler.CosineScheduler(max_update=300, base_lr=0.1, final_lr=1e-3,
                                        warmup_steps=30)
learning_rate = cysched.jax.schedule(schedule)   # count -> lr, a jnp closed form
optimizer = optax.sgd(learning_rate=learning_rate, momentum=0.9)

kx, k1, k2 = jax.random.split(jax.random.PRNGKey(0), 3)
x = jax.random.normal(kx, (512, 8))
y = jnp.sin(x.sum(axis=1, keepdims=True))
params = {"w1": jax.random.normal(k1, (8, 64)) / jnp.sqrt(8.0), "b1": jnp.zeros(64),
          "w2": jax.random.normal(k2, (64, 1)) / 8.0, "b2": jnp.zeros(1)}


def loss_fn(params: Dict[str, jax.Array]) -> jax.Array:
    hidden = jnp.tanh(x @ params["w1"] + params["b1"])
    return jnp.mean((hidden @ params["w2"] + params["b2"] - y) ** 2)


@jax.jit
def train_step(params: Dict[str, jax.Array], state: optax.OptState
               ) -> Tuple[Dict[str, jax.Array], optax.OptState, jax.Array]:
    loss, grads = jax.value_and_grad(loss_fn)(params)
    updates, state = optimizer.update(grads, state, params)
    # apply_updates returns a tree of the same structure as params
    return cast(Dict[str, jax.Array], optax.apply_updates(params, updates)), state, loss


state = optimizer.init(params)
for count in range(300):
    params, state, loss = train_step(params, state)
    if count % 60 == 0:
        # optax's count 0 is cysched's update 1: learning_rate(count) == schedule(count + 1)
        print("update %3d  lr %.6f  loss %.5f" % (count + 1, learning_rate(count), loss))

print("final loss %.5f" % loss_fn(params))
