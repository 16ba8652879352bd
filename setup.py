"""The one compiled part of Ashar: the MES rounds for small elections
(voting/rules/_mes_kernel.c). Optional: without a C compiler the install still succeeds
and voting.rules.tiny_classes runs the same rounds in Python."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("voting.rules._mes_kernel", ["voting/rules/_mes_kernel.c"],
                             optional=True)])
